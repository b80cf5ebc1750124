package io.jifen.hub.internal.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.jifen.hub.HubIntegrationTest;
import io.jifen.sandbox.SandboxCatalog;

/** The JD connector against the JD sandbox over HTTP. */
class JdVopConnectorIT extends HubIntegrationTest {

    @Autowired
    JdVopConnector jd;

    @AfterEach
    void clearFaults() {
        var faults = jd().faults();
        faults.callsPerSecond = 0;
        faults.slowRate = 0;
        faults.malformedRate = 0;
        faults.poisonSku = null;
    }

    @Test
    void readsThePoolsDetailsPricesAndStockOfTheCatalog() {
        SandboxCatalog catalog = jd().catalog();

        List<String> ids = jd.skuIds();

        assertThat(ids).hasSize(catalog.skus().size()).doesNotHaveDuplicates();
        var first = catalog.skus().getFirst();
        var batch = ids.subList(0, 100);
        var details = jd.details(batch);
        assertThat(details).hasSize(100);
        var detail = details.stream().filter(d -> d.skuId().equals(String.valueOf(first.id))).findFirst().orElseThrow();
        assertThat(detail.title()).isEqualTo(first.name);
        assertThat(detail.brand()).isEqualTo(first.brand);
        assertThat(detail.categoryNames()).containsExactly(first.categoryNames);
        assertThat(detail.images().getFirst()).startsWith("https://img13.360buyimg.com/n1/jfs/");
        assertThat(detail.attributes()).containsEntry("条形码", first.upc).containsKey("重量(kg)");
        var price = jd.prices(List.of(detail.skuId())).getFirst();
        assertThat(price.costFen()).isEqualTo(first.costFen());
        assertThat(price.marketFen()).isEqualTo(first.marketFen());
        var stock = jd.stock(List.of(detail.skuId()), 1).getFirst();
        assertThat(stock.available()).isEqualTo(first.stock() > 0);
    }

    @Test
    void anExpiredTokenIsRenewedAndTheCallRepeated() {
        jd.skuIds();
        jd().expireTokens();

        assertThat(jd.details(List.of(String.valueOf(jd().catalog().skus().get(1).id)))).hasSize(1);
    }

    @Test
    void backsOffWhenTheSupplierSaysTheRateWasExceeded() {
        jd().faults().callsPerSecond = 3;
        var ids = jd().catalog().skus().stream().limit(10).map(sku -> String.valueOf(sku.id)).toList();

        for (int i = 0; i < 8; i++) {
            assertThat(jd.prices(ids)).hasSize(10);
        }
    }

    @Test
    void garbledAnswersAreRetriedThenReportedWithThePayload() {
        jd().faults().malformedRate = 1.0;
        long before = jd().calls();

        assertThatThrownBy(() -> jd.prices(List.of(String.valueOf(jd().catalog().skus().get(2).id))))
                .isInstanceOfSatisfying(SupplierException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SupplierException.Kind.MALFORMED);
                    assertThat(e.retryable()).isTrue();
                });
        assertThat(jd().calls() - before).as("three attempts").isEqualTo(3);
    }

    @Test
    void slowAnswersTimeOut() {
        jd().faults().slowRate = 1.0;

        assertThatThrownBy(() -> jd.prices(List.of(String.valueOf(jd().catalog().skus().get(3).id))))
                .isInstanceOfSatisfying(SupplierException.class, e -> assertThat(e.kind()).isEqualTo(SupplierException.Kind.UNAVAILABLE));
    }

    @Test
    void impossiblePricesAreRefusedAndTheOthersKept() {
        var bad = jd().catalog().skus().get(4);
        var good = jd().catalog().skus().get(5);
        jd().catalog().setPrices(bad.id, -100, 500);

        var prices = jd.prices(List.of(String.valueOf(bad.id), String.valueOf(good.id)));

        assertThat(prices).extracting(SupplierPrice::skuId).containsExactly(String.valueOf(good.id));
    }

    @Test
    void unknownSkusAreRefusedBySupplier() {
        assertThatThrownBy(() -> jd.details(List.of("999")))
                .isInstanceOfSatisfying(SupplierException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SupplierException.Kind.REFUSED);
                    assertThat(e.payload()).contains("3002");
                });
    }
}
