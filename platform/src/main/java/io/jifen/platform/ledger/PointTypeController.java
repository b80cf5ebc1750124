package io.jifen.platform.ledger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class PointTypeController {

    record PointTypeView(UUID id, String code, String name, long anchorPoints, long anchorAmountMinor, String currency, Instant createdAt) {

        static PointTypeView of(PointType type) {
            return new PointTypeView(type.id(), type.code(), type.name(), type.anchorPoints(), type.anchorAmountMinor(),
                    type.currency(), type.createdAt());
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

    @GetMapping("/api/v1/point-types/{pointTypeId}")
    PointTypeView get(@PathVariable UUID pointTypeId) {
        return PointTypeView.of(catalog.get(pointTypeId));
    }
}
