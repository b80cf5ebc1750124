package io.jifen.hub.internal.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.jifen.hub.DeliveryKind;
import io.jifen.hub.HubIntegrationTest;
import io.jifen.sandbox.TmallSandbox;

/** The Tmall-style connector's catalog side against its sandbox over HTTP (orders: TmallFulfilmentIT). */
class TmallConnectorIT extends HubIntegrationTest {

    @Autowired
    TmallConnector tmallConnector;

    @AfterEach
    void clearFaults() {
        tmall().faults().callsPerSecond = 0;
    }

    @Test
    void readsTheItemsWithTheirCategoriesPricesAndStock() {
        var catalog = tmall().catalog();

        List<String> ids = tmallConnector.skuIds();

        assertThat(ids).hasSize(catalog.skus().size()).doesNotHaveDuplicates();
        var first = catalog.skus().getFirst();
        var details = tmallConnector.details(ids.subList(0, 50));
        assertThat(details).hasSize(50);
        var detail = details.stream().filter(d -> d.skuId().equals(String.valueOf(first.id))).findFirst().orElseThrow();
        assertThat(detail.title()).isEqualTo(first.name);
        assertThat(detail.categoryNames()).containsExactly(first.categoryNames);
        assertThat(detail.deliveryKind()).isEqualTo(DeliveryKind.PHYSICAL);
        assertThat(detail.images().getFirst()).startsWith("https://img.alicdn.com/");
        assertThat(detail.attributes()).containsEntry("条形码", first.upc).containsEntry("重量", first.weightGrams + "g");
        assertThat(tmallConnector.prices(List.of(detail.skuId()))).singleElement().satisfies(price -> {
            assertThat(price.costFen()).isEqualTo(first.costFen());
            assertThat(price.marketFen()).isEqualTo(first.marketFen());
        });
        assertThat(tmallConnector.stock(List.of(detail.skuId()), 1)).singleElement()
                .satisfies(stock -> assertThat(stock.available()).isEqualTo(first.stock() > 0));
    }

    @Test
    void anExpiredSessionIsRenewedWithTheRefreshTokenAndTheCallLimitIsBackedOff() {
        String id = String.valueOf(tmall().catalog().skus().get(3).id);
        tmall().expireSessions();

        assertThat(tmallConnector.details(List.of(id))).hasSize(1);

        tmall().faults().callsPerSecond = 2;
        for (int i = 0; i < 6; i++) {
            assertThat(tmallConnector.prices(List.of(id))).hasSize(1);
        }
    }

    @Test
    void aWrongAppSecretIsRefusedAsAuthentication() {
        var credentials = TmallSandbox.Credentials.DEVSTACK;
        var wrong = new TmallConnector(new TmallConnector.Settings(tmall().uri(), credentials.appKey(), "not-the-secret", credentials.session(),
                credentials.refreshToken(), Duration.ofSeconds(2), 0, 1, Duration.ofMillis(10)));

        assertThatThrownBy(() -> wrong.skuIds()).isInstanceOfSatisfying(SupplierException.class,
                e -> assertThat(e.kind()).isEqualTo(SupplierException.Kind.AUTHENTICATION));
    }
}
