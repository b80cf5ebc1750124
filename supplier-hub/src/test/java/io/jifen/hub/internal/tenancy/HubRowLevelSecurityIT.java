package io.jifen.hub.internal.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.jifen.hub.HubIntegrationTest;
import io.jifen.hub.PlaceOrder;
import io.jifen.hub.SupplierOrders;
import io.jifen.hub.TenantSelections;
import io.jifen.hub.internal.order.Fulfilment;
import io.jifen.hub.internal.sync.CatalogSync;
import io.jifen.sandbox.VoucherCatalog;

/**
 * The hub's tenant-owned tables under row-level security, seen from the application's own database role with plain
 * SQL: without a tenant, or as another tenant, none of a tenant's selections, orders, order history, codes or
 * notifications can be seen or written. Through the hub's services another tenant sees none of them either.
 */
class HubRowLevelSecurityIT extends HubIntegrationTest {

    private static final List<String> TENANT_TABLES = List.of("selection", "supplier_order", "supplier_order_event", "voucher_code",
            "supplier_notice");

    @Autowired
    TenantSelections selections;
    @Autowired
    SupplierOrders orders;
    @Autowired
    Fulfilment fulfilment;
    @Autowired
    CatalogSync sync;

    final UUID tenant = UUID.randomUUID();
    final UUID other = UUID.randomUUID();
    final UUID member = UUID.randomUUID();

    @Test
    void withoutATenantOrAsAnotherTenantNoneOfATenantsSelectionsOrOrdersCanBeSeenOrWritten() throws SQLException {
        vouchers().timing().resultAfter = Duration.ofMillis(100);
        String skuId = String.valueOf(vouchers().catalog().products().stream()
                .filter(p -> p.type == VoucherCatalog.Type.CARD && p.onSale() && p.inStock()).skip(77).findFirst().orElseThrow().id);
        sync.apply("vouchers", List.of(skuId), null, true);
        selections.select(tenant, "vouchers", skuId, 990);
        String orderNo = "RLS-" + Long.toString(System.nanoTime(), 36);
        orders.place(new PlaceOrder(orderNo, tenant, member, "vouchers", skuId, 1, null, null));
        Awaitility.await("codes issued and the notification recorded").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    fulfilment.processDue();
                    return !orders.voucherCodes(tenant, member, orderNo).isEmpty();
                });

        try (Connection app = appConnection()) {
            for (String table : TENANT_TABLES) {
                assertThat(count(app, table)).as("%s without a tenant", table).isZero();
            }
            app.setAutoCommit(false);
            setTenant(app, other);
            for (String table : TENANT_TABLES) {
                assertThat(count(app, table)).as("%s as another tenant", table).isZero();
            }
            assertThat(app.createStatement().executeUpdate("update supplier_hub.supplier_order set failure = 'smuggled' where order_no = '" + orderNo + "'"))
                    .as("another tenant's order is not there to change").isZero();
            assertThatThrownBy(() -> app.createStatement().execute("""
                    insert into supplier_hub.selection (tenant_id, supplier_id, sku_id, points_price)
                    values ('%s', 'vouchers', '%s', 1)""".formatted(tenant, skuId)))
                    .hasMessageContaining("row-level security");
            app.rollback();
            setTenant(app, tenant);
            for (String table : TENANT_TABLES) {
                assertThat(count(app, table)).as("%s as the tenant itself", table).isPositive();
            }
            app.rollback();
        }

        assertThat(selections.list(other, 0, 500)).extracting(TenantSelections.Selected::skuId).doesNotContain(skuId);
        assertThat(selections.remove(other, "vouchers", skuId)).isFalse();
        assertThat(orders.order(other, orderNo)).isEmpty();
        assertThat(orders.voucherCodes(other, member, orderNo)).isEmpty();
        assertThat(selections.list(tenant, 0, 500)).extracting(TenantSelections.Selected::skuId).contains(skuId);
        assertThat(orders.order(tenant, orderNo)).isPresent();
    }

    private long count(Connection connection, String table) throws SQLException {
        try (var rs = connection.createStatement().executeQuery("select count(*) from supplier_hub." + table + " where tenant_id = '" + tenant + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void setTenant(Connection connection, UUID tenant) throws SQLException {
        try (var statement = connection.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
            statement.setString(1, tenant.toString());
            statement.execute();
        }
    }

    private static Connection appConnection() throws SQLException {
        var db = stack().database();
        return DriverManager.getConnection(db.jdbcUrl(), db.appUser(), db.appPassword());
    }
}
