package io.jifen.platform.ledger;

import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.TenantId;

/**
 * A currency of points a tenant runs (积分, 成长值 ...). Its value anchor says what points are worth:
 * {@code anchorPoints} points = {@code anchorAmountMinor} minor units of {@code currency}.
 */
@Entity
@Table(name = "point_type")
public class PointType {

    @TenantId
    private UUID tenantId;
    @Id
    private UUID id;
    private String code;
    private String name;
    private long anchorPoints;
    private long anchorAmountMinor;
    private String currency;
    @Enumerated(EnumType.STRING)
    private ExpiryPolicy expiryPolicy = ExpiryPolicy.NEVER;
    private int expiryMonths;
    private int expiryYears;
    private long transferDailyLimit;
    private int expiryReminderDays = 30;
    private long loanLimit;
    private int pendingDays;
    @Enumerated(EnumType.STRING)
    private ClawbackPolicy clawbackPolicy = ClawbackPolicy.OTHER_LOTS;
    private Instant createdAt;

    protected PointType() {
    }

    PointType(UUID id, String code, String name, long anchorPoints, long anchorAmountMinor, String currency, Instant now) {
        this.id = id;
        this.code = code;
        this.name = name;
        this.anchorPoints = anchorPoints;
        this.anchorAmountMinor = anchorAmountMinor;
        this.currency = currency;
        this.createdAt = now;
    }

    /** A copy that no persistence context manages (the catalog's cache hands these out, so none is changed in place). */
    PointType detachedCopy() {
        PointType copy = new PointType(id, code, name, anchorPoints, anchorAmountMinor, currency, createdAt);
        copy.tenantId = tenantId;
        copy.expiryPolicy = expiryPolicy;
        copy.expiryMonths = expiryMonths;
        copy.expiryYears = expiryYears;
        copy.transferDailyLimit = transferDailyLimit;
        copy.expiryReminderDays = expiryReminderDays;
        copy.loanLimit = loanLimit;
        copy.pendingDays = pendingDays;
        copy.clawbackPolicy = clawbackPolicy;
        return copy;
    }

    public UUID id() {
        return id;
    }

    public String code() {
        return code;
    }

    public String name() {
        return name;
    }

    public long anchorPoints() {
        return anchorPoints;
    }

    public long anchorAmountMinor() {
        return anchorAmountMinor;
    }

    public String currency() {
        return currency;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public ExpiryPolicy expiryPolicy() {
        return expiryPolicy;
    }

    public int expiryMonths() {
        return expiryMonths;
    }

    public int expiryYears() {
        return expiryYears;
    }

    /** Points a member may give away per day; 0: transfers are off. */
    public long transferDailyLimit() {
        return transferDailyLimit;
    }

    /** Days before points expire that their member is reminded; 0: never. */
    public int expiryReminderDays() {
        return expiryReminderDays;
    }

    /** How far beyond their balance members may spend; 0: no loans. */
    public long loanLimit() {
        return loanLimit;
    }

    public ClawbackPolicy clawbackPolicy() {
        return clawbackPolicy;
    }

    /** Days after earning before earned points can be spent (the return window); 0: at once. */
    public int pendingDays() {
        return pendingDays;
    }

    void changePendingDays(int days) {
        this.pendingDays = days;
    }

    void changeLoans(long limit, ClawbackPolicy policy) {
        this.loanLimit = limit;
        this.clawbackPolicy = policy;
    }

    void changeExpiryReminderDays(int days) {
        this.expiryReminderDays = days;
    }

    void changeTransferDailyLimit(long limit) {
        this.transferDailyLimit = limit;
    }

    /** When points earned at {@code earnedAt} expire under this type's policy, counted in the tenant's time zone; null for never. */
    public Instant expiresAt(Instant earnedAt, ZoneId zone) {
        return expiryPolicy.expiresAt(earnedAt, zone, expiryMonths, expiryYears);
    }

    void changeExpiry(ExpiryPolicy policy, int months, int years) {
        this.expiryPolicy = policy;
        this.expiryMonths = months;
        this.expiryYears = years;
    }
}
