package io.jifen.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SandboxCatalogTest {

    @Test
    void theSameSeedGivesTheSameRealisticCatalog() {
        var one = new SandboxCatalog(42, 6_000);
        var two = new SandboxCatalog(42, 6_000);

        assertThat(one.skus()).hasSize(6_000);
        assertThat(one.skus().stream().map(sku -> sku.name).toList()).isEqualTo(two.skus().stream().map(sku -> sku.name).toList());
        assertThat(one.skus().stream().map(sku -> sku.id).distinct()).hasSize(6_000);
        assertThat(one.skus()).allSatisfy(sku -> {
            assertThat(sku.name).containsPattern("\\p{IsHan}");
            assertThat(sku.costFen()).isPositive().isLessThanOrEqualTo(sku.marketFen());
            assertThat(sku.categoryIds).hasSize(3);
        });
        Set<Integer> topCategories = new HashSet<>();
        one.skus().forEach(sku -> topCategories.add(sku.categoryIds[0]));
        assertThat(one.pools()).hasSize(topCategories.size());
        assertThat(one.pools().stream().mapToInt(pool -> pool.skuIds().size()).sum()).isEqualTo(6_000);
    }

    @Test
    void changesAreQueuedAsMessagesUntilDeleted() {
        var catalog = new SandboxCatalog(7, 100);
        long before = catalog.sku(100_000_000L).costFen();

        var changed = catalog.changePrices(5);
        var messages = catalog.messages(Set.of(2), 100);

        assertThat(messages).hasSize(5);
        assertThat(messages.stream().map(m -> m.result().get("skuId"))).containsExactlyElementsOf(changed);
        assertThat(catalog.deleteMessage(messages.getFirst().id())).isTrue();
        assertThat(catalog.messages(Set.of(2), 100)).hasSize(4);
        assertThat(catalog.messages(Set.of(4), 100)).isEmpty();
        assertThat(before).isPositive();
    }
}
