package io.jifen.platform.ledger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
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
    /**
     * Changes any of the point type's rules, all in one transaction: expiry (for points earned from now on; earned lots
     * keep their expiry), transfer limit, reminder window, loans and clawbacks, pending period.
     */
    @PatchMapping("/api/v1/point-types/{pointTypeId}")
    PointTypeView change(@PathVariable UUID pointTypeId, @Valid @RequestBody PointTypeChange change) {
        return PointTypeView.of(catalog.change(pointTypeId, change));
    }

    @GetMapping("/api/v1/point-types/{pointTypeId}")
    PointTypeView get(@PathVariable UUID pointTypeId) {
        return PointTypeView.of(catalog.get(pointTypeId));
    }
}
