package io.jifen.platform.insight;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The tenant's dashboard over HTTP, for its admins and staff. */
@RestController
class InsightController {

    private final Dashboards dashboards;

    InsightController(Dashboards dashboards) {
        this.dashboards = dashboards;
    }

    /** The last {@code days} days (1 to 366, today included) of the tenant's programme. */
    @GetMapping("/api/v1/insights/dashboard")
    Dashboards.Dashboard dashboard(@RequestParam(defaultValue = "30") int days) {
        return dashboards.of(days);
    }
}
