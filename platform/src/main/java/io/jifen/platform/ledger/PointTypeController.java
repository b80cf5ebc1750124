package io.jifen.platform.ledger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class PointTypeController {

    record PointTypeView(UUID id, String code, String name, long anchorPoints, long anchorAmountMinor, String currency,
                         ExpiryPolicy expiryPolicy, int expiryMonths, int expiryYears, Instant createdAt) {

        static PointTypeView of(PointType type) {
            return new PointTypeView(type.id(), type.code(), type.name(), type.anchorPoints(), type.anchorAmountMinor(),
                    type.currency(), type.expiryPolicy(), type.expiryMonths(), type.expiryYears(), type.createdAt());
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

    record ExpiryChange(@NotNull ExpiryPolicy expiryPolicy,
                        @Min(0) @Max(120) int expiryMonths,
                        @Min(0) @Max(10) int expiryYears) {
    }

    /** Sets the expiry policy for points earned from now on; lots already earned keep their expiry. */
    @PatchMapping("/api/v1/point-types/{pointTypeId}")
    PointTypeView changeExpiry(@PathVariable UUID pointTypeId,
                               @Valid @RequestBody ExpiryChange change) {
        return PointTypeView.of(catalog.changeExpiry(pointTypeId, change.expiryPolicy(), change.expiryMonths(), change.expiryYears()));
    }

    @GetMapping("/api/v1/point-types/{pointTypeId}")
    PointTypeView get(@PathVariable UUID pointTypeId) {
        return PointTypeView.of(catalog.get(pointTypeId));
    }
}
