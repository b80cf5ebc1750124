package io.jifen.platform.ledger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class PointTypeController {

    record PointTypeView(UUID id, String code, String name, long anchorPoints, long anchorAmountMinor, String currency,
                         ExpiryPolicy expiryPolicy, int expiryMonths, int expiryYears, int expiryReminderDays,
                         long transferDailyLimit, long loanLimit, ClawbackPolicy clawbackPolicy, int pendingDays,
                         Instant createdAt) {

        static PointTypeView of(PointType type) {
            return new PointTypeView(type.id(), type.code(), type.name(), type.anchorPoints(), type.anchorAmountMinor(),
                    type.currency(), type.expiryPolicy(), type.expiryMonths(), type.expiryYears(), type.expiryReminderDays(), type.transferDailyLimit(),
                    type.loanLimit(), type.clawbackPolicy(), type.pendingDays(), type.createdAt());
        }
    }

    private final PointTypeCatalog catalog;

    PointTypeController(PointTypeCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/api/v1/point-types")
    List<PointTypeView> list() {
        return catalog.list().stream().map(PointTypeView::of).toList();
    }

    /** Fields left out keep their value. */
    record PointTypeChange(@Nullable ExpiryPolicy expiryPolicy,
                           @Nullable @Min(0) @Max(120) Integer expiryMonths,
                           @Nullable @Min(0) @Max(10) Integer expiryYears,
                           @Nullable @Min(0) @Max(1_000_000_000L) Long transferDailyLimit,
                           @Nullable @Min(0) @Max(365) Integer expiryReminderDays,
                           @Nullable @Min(0) @Max(1_000_000_000L) Long loanLimit,
                           @Nullable ClawbackPolicy clawbackPolicy,
                           @Nullable @Min(0) @Max(365) Integer pendingDays) {
    }

    /** Changes the expiry policy (for points earned from now on; earned lots keep their expiry) and the transfer limit. */
    @PatchMapping("/api/v1/point-types/{pointTypeId}")
    PointTypeView change(@PathVariable UUID pointTypeId, @Valid @RequestBody PointTypeChange change) {
        PointType type = catalog.get(pointTypeId);
        if (change.expiryPolicy() != null) {
            type = catalog.changeExpiry(pointTypeId, change.expiryPolicy(),
                    change.expiryMonths() == null ? type.expiryMonths() : change.expiryMonths(),
                    change.expiryYears() == null ? type.expiryYears() : change.expiryYears());
        }
        if (change.loanLimit() != null || change.clawbackPolicy() != null) {
            type = catalog.changeLoans(pointTypeId, change.loanLimit() == null ? type.loanLimit() : change.loanLimit(),
                    change.clawbackPolicy() == null ? type.clawbackPolicy() : change.clawbackPolicy());
        }
        if (change.pendingDays() != null) {
            type = catalog.changePendingDays(pointTypeId, change.pendingDays());
        }
        if (change.expiryReminderDays() != null) {
            type = catalog.changeExpiryReminderDays(pointTypeId, change.expiryReminderDays());
        }
        if (change.transferDailyLimit() != null) {
            type = catalog.changeTransferDailyLimit(pointTypeId, change.transferDailyLimit());
        }
        return PointTypeView.of(type);
    }

    @GetMapping("/api/v1/point-types/{pointTypeId}")
    PointTypeView get(@PathVariable UUID pointTypeId) {
        return PointTypeView.of(catalog.get(pointTypeId));
    }
}
