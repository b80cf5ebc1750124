package io.jifen.platform.supplier;

import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.hub.Settlement;
import io.jifen.hub.SupplierSettlements;
import io.jifen.hub.Suppliers;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;

/**
 * The platform operator settles months with suppliers (the schedule does it on the 3rd of each month) and reads the
 * outcome: matched lines, billing errors, orders missing on either side, and what each tenant's orders cost.
 */
@RestController
class SettlementController {

    /** A settlement to run: supplier id and month ("2026-11", Beijing time). */
    record SettleRequest(String supplier, String month) {
    }

    private final SupplierSettlements settlements;
    private final Suppliers suppliers;

    SettlementController(SupplierSettlements settlements, Suppliers suppliers) {
        this.settlements = settlements;
        this.suppliers = suppliers;
    }

    @PostMapping("/api/v1/operator/settlements")
    Settlement settle(@RequestBody SettleRequest request) {
        YearMonth month;
        try {
            month = YearMonth.parse(request.month() == null ? "" : request.month());
        } catch (DateTimeParseException e) {
            throw DomainException.invalidField("month", "a month as yyyy-MM");
        }
        if (request.supplier() == null || !suppliers.ids().contains(request.supplier())) {
            throw DomainException.notFound("Supplier " + request.supplier());
        }
        try {
            return settlements.settle(request.supplier(), month, Instant.now());
        } catch (SupplierSettlements.SettlementFailed e) {
            throw new DomainException(ProblemKind.UPSTREAM_FAILED, "settlement-failed", "Settlement failed", e.getMessage(), List.of());
        }
    }

    /** The supplier's latest settlements, newest first. */
    @GetMapping("/api/v1/operator/settlements")
    List<Settlement> runs(@RequestParam String supplier, @RequestParam(defaultValue = "24") int limit) {
        if (limit < 1 || limit > 100) {
            throw DomainException.invalidField("limit", "1 to 100");
        }
        return settlements.runs(supplier, limit);
    }

    @GetMapping("/api/v1/operator/settlements/{settlementId}")
    Settlement settlement(@PathVariable long settlementId) {
        return settlements.find(settlementId).orElseThrow(() -> DomainException.notFound("Settlement " + settlementId));
    }

    /** A page of a settlement's items, optionally of one outcome (MATCHED, PRICE_MISMATCH, ...). */
    @GetMapping("/api/v1/operator/settlements/{settlementId}/items")
    List<Settlement.Item> items(@PathVariable long settlementId, @RequestParam(required = false) @Nullable String outcome,
                                @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "100") int size) {
        settlement(settlementId);
        if (page < 0 || size < 1 || size > 1_000) {
            throw DomainException.invalid("page from 0, size 1 to 1000", List.of());
        }
        try {
            return settlements.items(settlementId, outcome, page * size, size);
        } catch (IllegalArgumentException e) {
            throw DomainException.invalidField("outcome", e.getMessage());
        }
    }
}
