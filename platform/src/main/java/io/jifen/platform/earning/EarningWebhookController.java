package io.jifen.platform.earning;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.tenancy.Tenant;
import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.tenancy.TenantRegistry;

/**
 * Events posted webhook-style, signed with the tenant's secret instead of a bearer token (see {@link EarningWebhooks}):
 * {@code POST /api/v1/webhooks/{tenantSlug}/events} with {@code {"events": [...]}}, answered like an event batch.
 */
@RestController
class EarningWebhookController {

    private final EarningWebhooks webhooks;
    private final EarningEvents events;
    private final TenantRegistry tenants;
    private final JsonMapper json;

    EarningWebhookController(EarningWebhooks webhooks, EarningEvents events, TenantRegistry tenants, JsonMapper json) {
        this.json = json;
        this.webhooks = webhooks;
        this.events = events;
        this.tenants = tenants;
    }

    /** A tenant admin issues (or rotates) the webhook secret; it is shown this once. */
    @PostMapping("/api/v1/earning/webhook-secret")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, String> rotate() {
        return Map.of("secret", webhooks.rotateSecret());
    }

    @PostMapping("/api/v1/webhooks/{tenantSlug}/events")
    EarningController.BatchView post(@PathVariable String tenantSlug, @RequestHeader(name = "X-Jifen-Timestamp", required = false) @Nullable String timestamp,
                                     @RequestHeader(name = "X-Jifen-Signature", required = false) @Nullable String signature,
                                     @RequestBody byte[] body) {
        var tenant = tenants.findBySlug(tenantSlug);
        if (tenant.isEmpty()) {
            TenantContext.callAs(TenantContext.NO_TENANT, () -> {
                webhooks.verify(timestamp, signature, body);
                return null;
            });
            throw new IllegalStateException("a post for no tenant verified");
        }
        return TenantContext.callAs(tenant.get().id(), () -> {
            webhooks.verify(timestamp, signature, body);
            if (tenant.get().status() != Tenant.Status.ACTIVE) {
                throw new DomainException(ProblemKind.FORBIDDEN, "tenant-not-active", "Tenant not active",
                        "Tenant " + tenantSlug + " is " + tenant.get().status() + ": its events are not taken until it is active again");
            }
            EarningController.BatchBody batch;
            try {
                batch = json.readValue(body, EarningController.BatchBody.class);
            } catch (JacksonException e) {
                throw DomainException.invalid("The body is not an event batch: " + e.getOriginalMessage(), List.of());
            }
            if (batch.events() == null) {
                throw DomainException.invalidField("events", "1 to 1,000 events per batch");
            }
            return EarningController.BatchView.of(events.ingestAll(batch.events(), "webhook:" + tenantSlug));
        });
    }
}
