package io.jifen.platform.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void idsAreVersionSevenWithTheirMillisecondFirst() {
        long before = System.currentTimeMillis();
        UUID id = TimeOrderedIds.next();
        long after = System.currentTimeMillis();

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isBetween(before, after);
    }

    @Test
    void idsOfLaterMillisecondsSortAfterEarlierOnesAsTextAndAsPostgresCompares() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(TimeOrderedIds.next());
            long made = System.currentTimeMillis();
            // The next id in a later millisecond.
            await().pollInterval(Duration.ofMillis(1)).until(() -> System.currentTimeMillis() > made);
        }
        // PostgreSQL orders uuids by their bytes, which is the order of their text; keys made from them ("order:{id}:hold") follow.
        assertThat(ids.stream().map(UUID::toString).toList()).isSorted();
        assertThat(ids.stream().map(id -> "order:" + id + ":hold").toList()).isSorted();
    }

    @Test
    void idsOfOneMillisecondDiffer() {
        var seen = new HashSet<UUID>();
        for (int i = 0; i < 100_000; i++) {
            seen.add(TimeOrderedIds.next());
        }
        assertThat(seen).hasSize(100_000);
    }
}
