package io.jifen.hub.internal.order;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.jifen.hub.DeliveryKind;
import io.jifen.hub.OrderConflict;
import io.jifen.hub.OrderDelivery;
import io.jifen.hub.PlaceOrder;
import io.jifen.hub.Recipient;
import io.jifen.hub.internal.digest.Digests;
import io.jifen.hub.internal.tenancy.HubTenants;
import io.jifen.sandbox.SandboxCatalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Delivery details (personal data) are stored sealed, opened only to place the order and for its tenant; orders placed
 * before they were sealed are migrated and still placed.
 */
@ExtendWith(OutputCaptureExtension.class)
class DeliverySealingIT extends FulfilmentTest {

    private static final Recipient RECIPIENT = new Recipient("李秘密", "13911112222", 1, 72, 2799, 0, "朝阳区保密路7号院");

    @Autowired
    DeliveryMigration migration;
    @Autowired
    HubTenants hubTenants;

    @BeforeEach
    void fast() {
        jd().orders().timing().shipAfter = Duration.ofMillis(300);
        jd().orders().timing().deliverAfter = Duration.ofMillis(600);
    }

    @Test
    void theRecipientIsStoredSealedNeverLoggedAndStillReachesTheSupplier(CapturedOutput output) {
        var sku = inCatalog(deliverable(0));

        var placed = fulfilment.place(order("SEAL-OK", sku));
        await(placed.orderNo(), "DELIVERED");

        String row = storedRow(tenant, placed.orderNo());
        assertThat(row).doesNotContain(RECIPIENT.name(), RECIPIENT.mobile(), RECIPIENT.address(), "保密路")
                .contains("\"delivery\":null").contains("\"delivery_sealed\":\"\\\\x");
        assertThat(jd().orders().byClientOrderNo(placed.orderNo())).as("JD got the order, its recipient opened").isNotNull();
        assertThat(fulfilment.delivery(tenant, placed.orderNo())).contains(new OrderDelivery(RECIPIENT, null));
        assertThat(fulfilment.delivery(UUID.randomUUID(), placed.orderNo())).as("another tenant's").isEmpty();
        assertThat(output.getAll()).doesNotContain(RECIPIENT.name(), RECIPIENT.mobile(), RECIPIENT.address());
    }

    @Test
    void sealedDetailsCopiedToAnotherOrderDoNotOpen() {
        var sku = inCatalog(deliverable(1));
        var first = fulfilment.place(order("SEAL-A", sku));
        var second = fulfilment.place(order("SEAL-B", sku));

        asTenant(tenant, () -> jdbc.sql("""
                        update supplier_hub.supplier_order set delivery_sealed = (select delivery_sealed from supplier_hub.supplier_order
                                                                                   where order_no = ?)
                        where order_no = ?""")
                .params(first.orderNo(), second.orderNo()).update());

        assertThat(fulfilment.delivery(tenant, first.orderNo())).contains(new OrderDelivery(RECIPIENT, null));
        assertThatThrownBy(() -> fulfilment.delivery(tenant, second.orderNo()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("do not decrypt");
    }

    @Test
    void ordersStoredInClearBeforeAreSealedTenantByTenantAndStillPlaced() {
        var sku = inCatalog(deliverable(2));
        UUID otherTenant = UUID.randomUUID();
        var mine = order("SEAL-OLD", sku);
        var theirs = new PlaceOrder(uniqueNo("SEAL-OLD"), otherTenant, UUID.randomUUID(), "jd", mine.skuId(), 1, null, "13700001111");
        String oldFingerprint = storedInClear(mine, DeliveryDetails.of(mine, DeliveryKind.PHYSICAL), sku.costFen());
        storedInClear(theirs, DeliveryDetails.of(theirs, DeliveryKind.DIRECT_TOP_UP), sku.costFen());
        assertThat(storedRow(tenant, mine.orderNo())).as("as the hub stored orders before").contains(RECIPIENT.mobile());
        assertThat(fulfilment.place(mine).orderNo()).as("a replay before the migration finds the order").isEqualTo(mine.orderNo());

        assertThat(migration.sealClearDetails()).isGreaterThanOrEqualTo(2);

        assertThat(storedRow(tenant, mine.orderNo())).doesNotContain(RECIPIENT.name(), RECIPIENT.mobile(), RECIPIENT.address())
                .contains("\"delivery\":null");
        assertThat(storedRow(otherTenant, theirs.orderNo())).doesNotContain("13700001111").contains("\"delivery\":null");
        assertThat(storedRow(tenant, mine.orderNo())).as("the plain digest of the details is replaced by a keyed one")
                .doesNotContain(oldFingerprint).contains("\"fingerprint\":\"" + DeliverySealing.KEYED);
        assertThat(fulfilment.place(mine).orderNo()).as("and a replay still finds the order").isEqualTo(mine.orderNo());
        assertThatThrownBy(() -> fulfilment.place(new PlaceOrder(mine.orderNo(), tenant, member, "jd", mine.skuId(), 2, RECIPIENT, null)))
                .isInstanceOf(OrderConflict.class);
        assertThat(fulfilment.delivery(tenant, mine.orderNo())).contains(new OrderDelivery(RECIPIENT, null));
        assertThat(fulfilment.delivery(otherTenant, theirs.orderNo())).contains(new OrderDelivery(null, "13700001111"));
        assertThat(migration.sealClearDetails()).as("nothing left to seal").isZero();

        jdbc.sql("update supplier_hub.order_route set next_attempt_at = now() where order_no = ?").param(mine.orderNo()).update();
        await(mine.orderNo(), "DELIVERED");
        assertThat(jd().orders().byClientOrderNo(mine.orderNo())).isNotNull();
    }

    /**
     * An order as the hub stored it before changeset 010: its delivery details in clear, a plain SHA-256 fingerprint
     * (answered), not due yet.
     */
    private String storedInClear(PlaceOrder order, String delivery, long unitCostFen) {
        String fingerprint = Digests.sha256Hex(String.join("|", order.tenantId().toString(), order.memberId().toString(), order.supplier(),
                order.skuId(), String.valueOf(order.quantity()), delivery));
        hubTenants.register(order.tenantId());
        jdbc.sql("insert into supplier_hub.order_route (order_no, tenant_id, supplier_id) values (?, ?, ?)")
                .params(order.orderNo(), order.tenantId(), order.supplier()).update();
        asTenant(order.tenantId(), () -> jdbc.sql("""
                        insert into supplier_hub.supplier_order (order_no, tenant_id, member_id, supplier_id, sku_id, quantity, delivery,
                            fingerprint, state, unit_cost_fen)
                        values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, 'PENDING', ?)""")
                .params(order.orderNo(), order.tenantId(), order.memberId(), order.supplier(), order.skuId(), order.quantity(), delivery,
                        fingerprint, unitCostFen)
                .update());
        return fingerprint;
    }

    /** The order's row as plain SQL reads it (JSON, bytea as hex). */
    private String storedRow(UUID tenant, String orderNo) {
        return asTenant(tenant, () -> jdbc.sql("select row_to_json(o)::text from supplier_hub.supplier_order o where order_no = ?")
                .param(orderNo).query(String.class).single());
    }

    private PlaceOrder order(String prefix, SandboxCatalog.Sku sku) {
        return new PlaceOrder(uniqueNo(prefix), tenant, member, "jd", String.valueOf(sku.id), 1, RECIPIENT, null);
    }

    /** A listed SKU with stock, delivered to Beijing, taken from the start (JdFulfilmentIT takes them from the end). */
    private static SandboxCatalog.Sku deliverable(int n) {
        return jd().catalog().skus().stream().filter(s -> s.listed() && s.stock() >= 5 && !s.restrictedProvinces.contains(1)).skip(n * 7L)
                .findFirst().orElseThrow();
    }

    private SandboxCatalog.Sku inCatalog(SandboxCatalog.Sku sku) {
        inCatalog("jd", sku.id);
        return sku;
    }
}
