package io.jifen.platform.ledger;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.platform.api.ApiProblem;

/** The current tenant's point types. */
@Service
public class PointTypeCatalog {

    /** The code of the point type every tenant starts with. */
    public static final String DEFAULT_CODE = "points";

    private final PointTypes pointTypes;
    private final Clock clock;

    PointTypeCatalog(PointTypes pointTypes, Clock clock) {
        this.pointTypes = pointTypes;
        this.clock = clock;
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

    /** The point type with {@code code}; an unknown code is a 400 naming the field. */
    @Transactional(readOnly = true)
    public PointType byCode(String code) {
        return pointTypes.findByCode(code).orElseThrow(() -> unknown(code));
    }

    static ApiProblem unknown(String code) {
        return ApiProblem.invalidField("pointType", "no point type '" + code + "' in this tenant");
    }

    @Transactional
    public PointType changePendingDays(UUID id, int days) {
        PointType type = get(id);
        type.changePendingDays(days);
        return type;
    }

    @Transactional
    public PointType changeLoans(UUID id, long loanLimit, ClawbackPolicy policy) {
        PointType type = get(id);
        type.changeLoans(loanLimit, policy);
        return type;
    }

    @Transactional
    public PointType changeExpiryReminderDays(UUID id, int days) {
        PointType type = get(id);
        type.changeExpiryReminderDays(days);
        return type;
    }

    @Transactional
    public PointType changeTransferDailyLimit(UUID id, long limit) {
        PointType type = get(id);
        type.changeTransferDailyLimit(limit);
        return type;
    }

    @Transactional
    public PointType changeExpiry(UUID id, ExpiryPolicy policy, int months, int years) {
        if (policy == ExpiryPolicy.ROLLING_MONTHS && months < 1) {
            throw ApiProblem.invalidField("expiryMonths", "must be at least 1 for ROLLING_MONTHS");
        }
        PointType type = get(id);
        type.changeExpiry(policy, policy == ExpiryPolicy.ROLLING_MONTHS ? months : 0, policy == ExpiryPolicy.YEAR_END ? years : 0);
        return type;
    }

    @Transactional(readOnly = true)
    public PointType get(UUID id) {
        return pointTypes.findById(id).orElseThrow(() -> ApiProblem.notFound("Point type " + id));
    }
}
