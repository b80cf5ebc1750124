package io.jifen.platform.audit;

import java.time.Instant;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.platform.logging.RequestIdFilter;
import io.jifen.platform.web.CursorPage;
import io.jifen.platform.web.TimeCursor;

@RestController
class AuditEventController {

    private final AuditLog log;

    AuditEventController(AuditLog log) {
        this.log = log;
    }

    /**
     * The caller's tenant's admin changes, newest first (a tenant admin), or the platform operator's own (an operator,
     * who has no tenant). {@code resource} is a resource type ({@code point-type}) or a type and id
     * ({@code point-type:<id>}); {@code actor} a subject or a client id; {@code from} inclusive, {@code to} exclusive;
     * {@code after} (or {@code cursor}) is the previous page's {@code next}.
     */
    @GetMapping("/api/v1/audit-events")
    CursorPage<AuditLog.AuditEvent> events(HttpServletRequest request, @RequestParam(required = false) @Nullable String actor,
                                           @RequestParam(required = false) @Nullable String resource,
                                           @RequestParam(required = false) @Nullable Instant from,
                                           @RequestParam(required = false) @Nullable Instant to,
                                           @RequestParam(required = false) @Nullable String after,
                                           @RequestParam(required = false) @Nullable String cursor,
                                           @RequestParam(defaultValue = "50") @Min(1) @Max(CursorPage.MAX_SIZE) int size) {
        boolean operator = !(request.getAttribute(RequestIdFilter.TENANT_ATTRIBUTE) instanceof UUID);
        String type = null;
        String id = null;
        if (resource != null && !resource.isBlank()) {
            int colon = resource.indexOf(':');
            type = colon < 0 ? resource : resource.substring(0, colon);
            id = colon < 0 ? null : resource.substring(colon + 1);
        }
        var filter = new AuditLog.Filter(actor == null || actor.isBlank() ? null : actor, type, id, from, to,
                TimeCursor.after(after != null ? after : cursor));
        return CursorPage.of(log.list(operator, filter, size + 1), size, event -> event.cursor().key());
    }
}
