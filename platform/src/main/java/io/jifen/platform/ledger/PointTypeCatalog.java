package io.jifen.platform.ledger;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.platform.audit.AuditTrail;
import io.jifen.platform.audit.AuditedChange;
import io.jifen.platform.ledger.internal.LedgerProblems;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.tenancy.TenantCache;

/**
 * The current tenant's point types. Every posting and every quote reads its point type by code, so those reads come
 * from a small cache of detached copies: a replica sees another replica's change to a type's rules (value, expiry,
 * loans) within {@link TenantCache#FRESH_FOR}, its own at once.
 */
@Service
public class PointTypeCatalog {

    /** The code of the point type every tenant starts with. */
    public static final String DEFAULT_CODE = "points";

    private final PointTypes pointTypes;
    private final Clock clock;
    private final TenantCache<String, PointType> byCode = new TenantCache<>(10_000);
    private final AuditTrail audit;

    PointTypeCatalog(PointTypes pointTypes, Clock clock, AuditTrail audit) {
        this.pointTypes = pointTypes;
        this.clock = clock;
        this.audit = audit;
    }

    /** Defines the tenant's default point type unless it exists (onboarding may run more than once). */
    @Transactional
    public PointType defineDefault(String name, long anchorPoints, long anchorAmountMinor, String currency) {
        return pointTypes.findByCode(DEFAULT_CODE).orElseGet(() -> pointTypes.save(
                new PointType(UUID.randomUUID(), DEFAULT_CODE, name, anchorPoints, anchorAmountMinor, currency, clock.instant())));
    }

    @Transactional(readOnly = true)
    public List<PointType> list() {
        return pointTypes.findAllByOrderByCreatedAt();
    }

    /**
     * The point type with {@code code} (a copy no persistence context manages: read it, change it through
     * {@link #change}); an unknown code is a 400 naming the field.
     */
    @Transactional(readOnly = true)
    public PointType byCode(String code) {
        return byCode.get(code, () -> pointTypes.findByCode(code).orElseThrow(() -> LedgerProblems.unknownPointType(code)).detachedCopy());
    }

    /** Applies a change to a point type's rules, all of it or (on bad input) nothing. */
    @Transactional
    public PointType change(UUID id, PointTypeChange change) {
        PointType type = get(id);
        // This replica reads its types afresh once the change's transaction ends, however it ends.
        byCode.forgetAfterCompletion();
        var before = PointTypeController.PointTypeView.of(type);
        if (change.expiryPolicy() != null) {
            ExpiryPolicy policy = change.expiryPolicy();
            int months = change.expiryMonths() == null ? type.expiryMonths() : change.expiryMonths();
            int years = change.expiryYears() == null ? type.expiryYears() : change.expiryYears();
            if (policy == ExpiryPolicy.ROLLING_MONTHS && months < 1) {
                throw DomainException.invalidField("expiryMonths", "must be at least 1 for ROLLING_MONTHS");
            }
            type.changeExpiry(policy, policy == ExpiryPolicy.ROLLING_MONTHS ? months : 0, policy == ExpiryPolicy.YEAR_END ? years : 0);
        }
        if (change.loanLimit() != null || change.clawbackPolicy() != null) {
            type.changeLoans(change.loanLimit() == null ? type.loanLimit() : change.loanLimit(),
                    change.clawbackPolicy() == null ? type.clawbackPolicy() : change.clawbackPolicy());
        }
        if (change.pendingDays() != null) {
            type.changePendingDays(change.pendingDays());
        }
        if (change.expiryReminderDays() != null) {
            type.changeExpiryReminderDays(change.expiryReminderDays());
        }
        if (change.transferDailyLimit() != null) {
            type.changeTransferDailyLimit(change.transferDailyLimit());
        }
        audit.record(AuditedChange.of("point-type", id, before, PointTypeController.PointTypeView.of(type)));
        return type;
    }

    @Transactional(readOnly = true)
    public PointType get(UUID id) {
        return pointTypes.findById(id).orElseThrow(() -> DomainException.notFound("Point type " + id));
    }
}
