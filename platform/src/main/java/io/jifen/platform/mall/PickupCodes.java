package io.jifen.platform.mall;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.tenancy.TenantContext;

/**
 * Store-pickup codes (自提码) of STORE_PICKUP items: one per order, 10 random digits, sealed with a blind index unique
 * in the tenant (never stored in clear). Staff verify a code at the store once: a conditional update
 * ({@code where verified_at is null}) lets exactly one of two verifications at once win. A code is 1 of 10^10: with
 * 10^5 codes open a guess hits one in 10^5 tries, which the per-caller rate limit and the staff's sign-in stand
 * between; every miss is logged with the caller.
 */
@Service
public class PickupCodes {

    /** A verified pickup: whose order, which item, when and by whom. */
    public record Verified(String orderRef, UUID memberId, UUID itemId, Instant at, String actor) {
    }

    private static final Logger log = LoggerFactory.getLogger(PickupCodes.class);
    private static final long CODES = 10_000_000_000L;
    private static final int ATTEMPTS = 5;

    private final JdbcClient jdbc;
    private final MallItems items;
    private final CodeSealing sealing;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    PickupCodes(JdbcClient jdbc, MallItems items, CodeSealing sealing, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.items = items;
        this.sealing = sealing;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Issues the order's pickup code, in the caller's transaction; the same order again answers the same code. An
     * order already holding a code for another member or item is a 409.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public String issue(String orderRef, UUID memberId, UUID itemId) {
        VoucherCodes.checkOrderRef(orderRef);
        Optional<String> issued = issued(orderRef, memberId, itemId);
        if (issued.isPresent()) {
            return issued.get();
        }
        Item item = items.find(itemId, false).orElseThrow(() -> MallItems.notFound(itemId));
        if (item.kind() != Item.Kind.STORE_PICKUP) {
            throw new DomainException(ProblemKind.REFUSED, "not-a-pickup-item", "Not a store-pickup item",
                    "Item " + itemId + " is " + item.kind() + "; only STORE_PICKUP items have pickup codes");
        }
        UUID tenant = TenantContext.require();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            String code = String.format("%010d", random.nextLong(CODES));
            // Nothing on either conflict: the order was given a code meanwhile (then it is answered), or the code is taken (draw again).
            int inserted = jdbc.sql("""
                            insert into platform.mall_pickup_code (tenant_id, order_ref, member_id, item_id, code_encrypted, code_index, issued_at)
                            values (platform.current_tenant(), ?, ?, ?, ?, ?, ?)
                            on conflict do nothing""")
                    .params(orderRef, memberId, itemId, sealing.sealPickup(tenant, orderRef, code), sealing.pickupIndex(tenant, code), now())
                    .update();
            if (inserted == 1) {
                return code;
            }
            issued = issued(orderRef, memberId, itemId);
            if (issued.isPresent()) {
                return issued.get();
            }
        }
        throw new IllegalStateException("no free pickup code in " + ATTEMPTS + " draws: the tenant's codes are too many for 10 digits");
    }

    /** The order's code for the member who owns the order; empty for anyone else. */
    @Transactional(readOnly = true)
    public Optional<String> codeOf(String orderRef, UUID memberId) {
        UUID tenant = TenantContext.require();
        return jdbc.sql("select code_encrypted from platform.mall_pickup_code where tenant_id = platform.current_tenant() and order_ref = ? and member_id = ?")
                .params(orderRef, memberId)
                .query((rs, n) -> sealing.openPickup(tenant, orderRef, rs.getBytes(1)))
                .optional();
    }

    /**
     * Staff verify a code at the store, exactly once; publishes {@link PickupVerified} in the transaction. A used code
     * is a 409 {@code pickup-code-used}; an unknown one a 404, the same whether it never existed or is another
     * tenant's (the blind index is the tenant's, and row-level security hides other tenants' rows).
     */
    @Transactional
    public Verified verify(String code, String actor) {
        String digits = code == null ? "" : code.replaceAll("[\\s-]", "");
        if (!digits.matches("[0-9]{10}")) {
            throw unknown(actor);
        }
        UUID tenant = TenantContext.require();
        byte[] index = sealing.pickupIndex(tenant, digits);
        OffsetDateTime now = now();
        Optional<Verified> verified = jdbc.sql("""
                        update platform.mall_pickup_code set verified_at = ?, verified_by = ?
                        where tenant_id = platform.current_tenant() and code_index = ? and verified_at is null
                        returning order_ref, member_id, item_id""")
                .params(now, actor, index)
                .query((rs, n) -> new Verified(rs.getString(1), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), now.toInstant(), actor))
                .optional();
        if (verified.isEmpty()) {
            Optional<OffsetDateTime> used = jdbc.sql("select verified_at from platform.mall_pickup_code where tenant_id = platform.current_tenant() and code_index = ?")
                    .param(index).query(OffsetDateTime.class).optional();
            if (used.isPresent()) {
                throw DomainException.conflict("pickup-code-used", "This pickup code was used at " + used.get().toInstant());
            }
            throw unknown(actor);
        }
        Verified pickup = verified.get();
        events.publishEvent(new PickupVerified(tenant, pickup.orderRef(), pickup.memberId(), pickup.itemId(), pickup.at(), actor));
        return pickup;
    }

    private Optional<String> issued(String orderRef, UUID memberId, UUID itemId) {
        UUID tenant = TenantContext.require();
        return jdbc.sql("select member_id, item_id, code_encrypted from platform.mall_pickup_code where tenant_id = platform.current_tenant() and order_ref = ?")
                .param(orderRef)
                .query((rs, n) -> {
                    if (!rs.getObject(1, UUID.class).equals(memberId) || !rs.getObject(2, UUID.class).equals(itemId)) {
                        throw DomainException.conflict("order-ref-reused", "Order " + orderRef + " has a pickup code for another member or item");
                    }
                    return sealing.openPickup(tenant, orderRef, rs.getBytes(3));
                })
                .optional();
    }

    private static DomainException unknown(@Nullable String actor) {
        log.warn("pickup code not found (verification by {})", actor);
        return DomainException.notFound("Pickup code");
    }

    private OffsetDateTime now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
