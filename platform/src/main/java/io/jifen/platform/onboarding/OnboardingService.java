package io.jifen.platform.onboarding;

import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import io.jifen.platform.identity.ApiClientService;
import io.jifen.platform.identity.ApiClientService.ApiClientView;
import io.jifen.platform.identity.KeycloakDirectory;
import io.jifen.platform.identity.Roles;
import io.jifen.platform.ledger.PointTypeCatalog;
import io.jifen.platform.tenancy.Tenant;
import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.tenancy.TenantRegistry;
import io.jifen.platform.tenancy.TenantSettings;
import io.jifen.platform.web.Hashes;

/**
 * Self-onboarding of a brand: tenant, Keycloak Organization, first admin, first API client, default point type.
 * Each step finds before it creates, so repeating a sign-up (or resuming one that was interrupted) is safe.
 */
@Service
public class OnboardingService {

    private static final Logger log = LoggerFactory.getLogger(OnboardingService.class);

    /** The outcome; {@code created} is false for a repeated sign-up, whose answer carries no secret. */
    public record SignupResult(Tenant tenant, String adminUsername, ApiClientView apiClient, boolean created) {
    }

    private final TenantRegistry tenants;
    private final KeycloakDirectory directory;
    private final ApiClientService apiClients;
    private final PointTypeCatalog pointTypes;

    OnboardingService(TenantRegistry tenants, KeycloakDirectory directory, ApiClientService apiClients, PointTypeCatalog pointTypes) {
        this.tenants = tenants;
        this.directory = directory;
        this.apiClients = apiClients;
        this.pointTypes = pointTypes;
    }

    public SignupResult signUp(SignupRequest request) {
        TenantSettings settings = TenantSettings.validated(
                Objects.requireNonNullElse(request.timeZone(), TenantSettings.CHINA.timeZone()),
                Objects.requireNonNullElse(request.currency(), TenantSettings.CHINA.currency()),
                Objects.requireNonNullElse(request.locale(), TenantSettings.CHINA.locale()));
        String email = request.adminEmail().toLowerCase(Locale.ROOT);
        var registration = tenants.register(request.slug(), request.name(), settings, email, fingerprint(request, settings, email));
        Tenant tenant = registration.tenant();
        UUID tenantId = tenant.id();
        if (tenant.status() == Tenant.Status.ACTIVE) {
            ApiClientView apiClient = TenantContext.callAs(tenantId, () -> apiClients.first().orElseThrow());
            return new SignupResult(tenant, email, apiClient, false);
        }
        log.info("provisioning tenant {} ({})", tenant.slug(), tenantId);
        String organizationId = directory.ensureOrganization(tenant.slug(), tenant.name(), tenantId);
        tenants.linkOrganization(tenantId, organizationId);
        directory.ensureTenantUser(organizationId, tenantId, email, request.adminName(), request.adminPassword(), Roles.TENANT_ADMIN);
        var credentials = directory.ensureApiClient(tenantId, "tenant-" + tenant.slug() + "-api", tenant.name() + " API");
        ApiClientView apiClient = TenantContext.callAs(tenantId, () -> {
            pointTypes.defineDefault(
                    Objects.requireNonNullElse(request.pointName(), "积分"),
                    Objects.requireNonNullElse(request.pointAnchorPoints(), 1L),
                    Objects.requireNonNullElse(request.pointAnchorAmountMinor(), 1L),
                    settings.currency());
            return apiClients.record(credentials, "Default API client");
        });
        Tenant active = tenants.activate(tenantId);
        log.info("tenant {} is active", tenant.slug());
        return new SignupResult(active, email, apiClient, true);
    }

    /** What makes two sign-ups "the same": every field but the password, which is never stored. */
    private static String fingerprint(SignupRequest request, TenantSettings settings, String email) {
        String canonical = String.join("\u0000", request.slug(), request.name(), email, request.adminName(),
                settings.timeZone(), settings.currency(), settings.locale(),
                Objects.requireNonNullElse(request.pointName(), "积分"),
                String.valueOf(Objects.requireNonNullElse(request.pointAnchorPoints(), 1L)),
                String.valueOf(Objects.requireNonNullElse(request.pointAnchorAmountMinor(), 1L)));
        return Hashes.sha256Hex(canonical);
    }
}
