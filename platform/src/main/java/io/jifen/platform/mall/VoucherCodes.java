package io.jifen.platform.mall;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.tenancy.TenantContext;

/**
 * The codes of VOUCHER_CODE items handed to orders (the redemption module calls these in its order transaction).
 * Codes are taken with {@code for update skip locked}: two orders at once each lock their own free codes and never
 * wait for, or get, each other's. An order's codes are opened only for the member who owns them.
 */
@Service
public class VoucherCodes {

    /** A code as the member gets it, and the last day it is valid (null: no end). */
    public record Code(UUID id, String code, @Nullable LocalDate validUntil) {
    }

    static final int MAX_ORDER_REF = 200;

    private final JdbcClient jdbc;
    private final MallItems items;
    private final CodeUploads uploads;
    private final CodeSealing sealing;
    private final Clock clock;

    VoucherCodes(JdbcClient jdbc, MallItems items, CodeUploads uploads, CodeSealing sealing, Clock clock) {
        this.jdbc = jdbc;
        this.items = items;
        this.uploads = uploads;
        this.sealing = sealing;
        this.clock = clock;
    }

    /**
     * Assigns {@code quantity} unassigned, unexpired codes of the item to the order, in the caller's transaction, oldest
     * upload first (by line); the same {@code orderRef} again answers the same codes. Too few: a 422
     * {@code codes-exhausted}, having assigned nothing, and the caller's transaction is left able to commit (to record
     * the failed order). An orderRef already holding codes of the item for another member is a 409. The same orderRef
     * in two transactions at once is the caller's to prevent (an order's row, unique, is written first).
     */
    @Transactional(propagation = Propagation.MANDATORY, noRollbackFor = DomainException.class)
    public List<Code> assign(UUID itemId, String orderRef, UUID memberId, int quantity) {
        checkOrderRef(orderRef);
        if (quantity < 1) {
            throw DomainException.invalidField("quantity", "must be at least 1");
        }
        List<Held> held = held(orderRef, itemId);
        if (!held.isEmpty()) {
            if (held.stream().anyMatch(code -> !code.memberId().equals(memberId))) {
                throw DomainException.conflict("order-ref-reused", "Order " + orderRef + " holds codes of item " + itemId + " for another member");
            }
            return open(held);
        }
        Item item = items.find(itemId, false).orElseThrow(() -> MallItems.notFound(itemId));
        if (item.kind() != Item.Kind.VOUCHER_CODE) {
            throw new DomainException(ProblemKind.REFUSED, "not-a-voucher-code-item", "Not a voucher code item",
                    "Item " + itemId + " is " + item.kind() + "; only VOUCHER_CODE items have codes");
        }
        OffsetDateTime now = clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
        int taken = jdbc.sql("""
                        with free as (
                            select id from platform.mall_voucher_code
                            where tenant_id = platform.current_tenant() and item_id = ? and order_ref is null
                              and (valid_until is null or valid_until >= ?)
                            order by uploaded_at, upload_id, line
                            limit ?
                            for update skip locked)
                        update platform.mall_voucher_code c set order_ref = ?, member_id = ?, assigned_at = ?
                        from free where c.tenant_id = platform.current_tenant() and c.id = free.id""")
                .params(itemId, uploads.today(), quantity, orderRef, memberId, now)
                .update();
        if (taken < quantity) {
            // Given back in the same transaction, so that the caller may still commit its refusal.
            release(orderRef, itemId);
            throw new DomainException(ProblemKind.REFUSED, "codes-exhausted", "Codes exhausted",
                    "Item " + itemId + " has fewer than " + quantity + " unassigned, unexpired code(s)");
        }
        return open(held(orderRef, itemId));
    }

    /** The order's codes, opened, only for the member who owns them; empty for anyone else. */
    @Transactional(readOnly = true)
    public List<Code> codesOf(String orderRef, UUID memberId) {
        return open(jdbc.sql(HELD + " and member_id = ?" + ORDER)
                .params(orderRef, memberId)
                .query(VoucherCodes::heldRow).list());
    }

    /**
     * Gives an order's codes of the item back (a cancelled or failed order whose codes the member never saw), in the
     * caller's transaction; answers how many. A code once shown to a member should not be given back: it may be used.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int release(String orderRef, UUID itemId) {
        return jdbc.sql("""
                        update platform.mall_voucher_code set order_ref = null, member_id = null, assigned_at = null
                        where tenant_id = platform.current_tenant() and order_ref = ? and item_id = ?""")
                .params(orderRef, itemId).update();
    }

    /** A code as stored for an order. */
    private record Held(UUID id, UUID memberId, byte[] sealed, @Nullable LocalDate validUntil) {
    }

    private static final String HELD = """
            select id, member_id, code_encrypted, valid_until from platform.mall_voucher_code
            where tenant_id = platform.current_tenant() and order_ref = ?""";
    private static final String ORDER = " order by uploaded_at, upload_id, line";

    private List<Held> held(String orderRef, UUID itemId) {
        return jdbc.sql(HELD + " and item_id = ?" + ORDER).params(orderRef, itemId).query(VoucherCodes::heldRow).list();
    }

    private static Held heldRow(ResultSet rs, int n) throws SQLException {
        return new Held(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getBytes(3), rs.getObject(4, LocalDate.class));
    }

    private List<Code> open(List<Held> held) {
        UUID tenant = TenantContext.require();
        return held.stream().map(code -> new Code(code.id(), sealing.openVoucher(tenant, code.id(), code.sealed()), code.validUntil())).toList();
    }

    static void checkOrderRef(@Nullable String orderRef) {
        if (orderRef == null || orderRef.isBlank() || orderRef.length() > MAX_ORDER_REF) {
            throw DomainException.invalidField("orderRef", "an order reference of 1 to " + MAX_ORDER_REF + " characters is required");
        }
    }
}
