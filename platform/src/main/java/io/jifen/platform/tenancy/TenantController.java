package io.jifen.platform.tenancy;

import java.time.Instant;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.platform.web.PageView;

@RestController
class TenantController {

    record TenantView(UUID id, String slug, String name, Tenant.Status status, String timeZone, String currency,
                      String locale, @Nullable String logoUrl, @Nullable String primaryColor, @Nullable String accentColor,
                      @Nullable Instant onboardedAt, Instant createdAt) {

        static TenantView of(Tenant tenant) {
            var settings = tenant.settings();
            return new TenantView(tenant.id(), tenant.slug(), tenant.name(), tenant.status(), settings.timeZone(),
                    settings.currency(), settings.locale(), tenant.logoUrl(), tenant.primaryColor(), tenant.accentColor(), tenant.onboardedAt(), tenant.createdAt());
        }
    }

    record TenantUpdate(@Nullable @Size(min = 1, max = 100) String name,
                        @Nullable @Size(max = 64) String timeZone,
                        @Nullable @Pattern(regexp = "[A-Z]{3}") String currency,
                        @Nullable @Pattern(regexp = "[a-z]{2}(-[A-Z]{2})?") String locale,
                        /** An https URL of the logo the login page shows; "" removes it. */
                        @Nullable @Size(max = 2048) String logoUrl,
                        /** The mall's primary and accent colours, #RRGGBB; "" goes back to the default. */
                        @Nullable @Pattern(regexp = "(#[0-9A-Fa-f]{6})?", message = "a colour as #RRGGBB") String primaryColor,
                        @Nullable @Pattern(regexp = "(#[0-9A-Fa-f]{6})?", message = "a colour as #RRGGBB") String accentColor) {
    }

    private final TenantRegistry registry;

    TenantController(TenantRegistry registry) {
        this.registry = registry;
    }

    @GetMapping("/api/v1/tenant")
    TenantView current() {
        return TenantView.of(registry.current());
    }

    @PatchMapping("/api/v1/tenant")
    TenantView update(@Valid @RequestBody TenantUpdate update) {
        TenantSettings settings = null;
        if (update.timeZone() != null || update.currency() != null || update.locale() != null) {
            var current = registry.current().settings();
            settings = TenantSettings.validated(
                    update.timeZone() != null ? update.timeZone() : current.timeZone(),
                    update.currency() != null ? update.currency() : current.currency(),
                    update.locale() != null ? update.locale() : current.locale());
        }
        Tenant updated = registry.updateCurrent(update.name(), settings, update.logoUrl());
        if (update.primaryColor() != null || update.accentColor() != null) {
            updated = registry.updateCurrentColors(update.primaryColor(), update.accentColor());
        }
        return TenantView.of(updated);
    }

    /** The admin finished the console's onboarding wizard (idempotent: the first time is kept); the console stops opening it. */
    @PutMapping("/api/v1/tenant/onboarding")
    TenantView finishOnboarding() {
        return TenantView.of(registry.finishOnboarding());
    }

    /** The platform operator suspends a tenant: its tokens and webhooks are refused (403 tenant-suspended) until reactivated. */
    @PostMapping("/api/v1/operator/tenants/{tenantId}/suspension")
    TenantView suspend(@PathVariable UUID tenantId) {
        return TenantView.of(registry.suspend(tenantId));
    }

    @DeleteMapping("/api/v1/operator/tenants/{tenantId}/suspension")
    TenantView reactivate(@PathVariable UUID tenantId) {
        return TenantView.of(registry.reactivate(tenantId));
    }

    @GetMapping("/api/v1/operator/tenants")
    PageView<TenantView> all(@RequestParam(defaultValue = "0") @Min(0) int page,
                         @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return PageView.of(registry.list(PageRequest.of(page, size, Sort.by("createdAt"))).map(TenantView::of));
    }
}
