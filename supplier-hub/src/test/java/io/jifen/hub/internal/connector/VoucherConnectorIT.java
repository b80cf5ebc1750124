package io.jifen.hub.internal.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.jifen.hub.DeliveryKind;
import io.jifen.hub.HubIntegrationTest;
import io.jifen.sandbox.VoucherCatalog;

/** The e-voucher connector's catalog side against the aggregator sandbox over HTTP (orders: VoucherFulfilmentIT). */
class VoucherConnectorIT extends HubIntegrationTest {

    @Autowired
    VoucherConnector vouchers;

    @AfterEach
    void clearFaults() {
        vouchers().faults().callsPerSecond = 0;
    }

    @Test
    void readsTheProductsAsCardCodesAndTopUpsWithTheirPricesAndAvailability() {
        var catalog = vouchers().catalog();

        List<String> ids = vouchers.skuIds();

        assertThat(ids).hasSize(catalog.products().size()).hasSizeGreaterThanOrEqualTo(5_000).doesNotHaveDuplicates();
        var card = catalog.products().stream().filter(p -> p.type == VoucherCatalog.Type.CARD && p.name.startsWith("星巴克")).findFirst().orElseThrow();
        var topUp = catalog.products().stream().filter(p -> p.type == VoucherCatalog.Type.DIRECT && !p.inStock()).findFirst().orElseThrow();
        var batch = List.of(String.valueOf(card.id), String.valueOf(topUp.id), "404");
        var details = vouchers.details(batch);
        assertThat(details).as("the unknown id is left out").hasSize(2);
        assertThat(details.getFirst().title()).isEqualTo(card.name);
        assertThat(details.getFirst().deliveryKind()).isEqualTo(DeliveryKind.VOUCHER_CODE);
        assertThat(details.getFirst().categoryNames()).containsExactly("卡券", "餐饮美食", "咖啡茶饮");
        assertThat(details.getFirst().categoryIds()).containsExactly("卡券", "卡券/餐饮美食", "卡券/餐饮美食/咖啡茶饮");
        assertThat(details.getFirst().attributes()).containsEntry("类型", "卡密").containsEntry("有效期(天)", String.valueOf(card.validDays))
                .containsKey("面值(元)");
        assertThat(details.get(1).deliveryKind()).isEqualTo(DeliveryKind.DIRECT_TOP_UP);
        assertThat(vouchers.prices(batch)).first().satisfies(price -> {
            assertThat(price.costFen()).isEqualTo(card.priceFen());
            assertThat(price.marketFen()).isEqualTo(card.faceFen);
        });
        assertThat(vouchers.stock(batch, 1)).extracting(SupplierStock::available).containsExactly(card.inStock(), false);
    }

    @Test
    void theFullSyncJobBringsTheWholeAggregatorCatalogIn(@Autowired io.jifen.hub.CatalogSyncs syncs,
                                                         @Autowired io.jifen.hub.internal.catalog.CatalogStore store) {
        var run = syncs.fullSync("vouchers", java.time.Instant.now());

        assertThat(run.status()).isEqualTo("COMPLETED");
        assertThat(store.count("vouchers")).isEqualTo(vouchers().catalog().products().size());
    }

    @Test
    void backsOffWhenTheAggregatorSaysTheCallRateIsExceeded() {
        vouchers().faults().callsPerSecond = 2;

        for (int i = 0; i < 6; i++) {
            assertThat(vouchers.prices(List.of(String.valueOf(vouchers().catalog().products().get(i).id)))).hasSize(1);
        }
    }

    @Test
    void aWrongAppSecretIsRefusedAsAuthentication() {
        var wrong = new VoucherConnector(new VoucherConnector.Settings(vouchers().uri(), "jifen-hub", "not-the-secret",
                () -> URI.create("http://127.0.0.1:9/"), Duration.ofSeconds(2), 0, 1, Duration.ofMillis(10)));

        assertThatThrownBy(() -> wrong.skuIds()).isInstanceOfSatisfying(SupplierException.class,
                e -> assertThat(e.kind()).isEqualTo(SupplierException.Kind.AUTHENTICATION));
    }
}
