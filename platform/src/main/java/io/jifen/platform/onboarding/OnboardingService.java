package io.jifen.platform.onboarding;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.platform.identity.ApiClientService;
import io.jifen.platform.identity.ApiClientService.ApiClientView;
import io.jifen.platform.identity.KeycloakDirectory;
import io.jifen.platform.identity.Roles;
import io.jifen.platform.ledger.PointTypeCatalog;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.tenancy.Tenant;
import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.tenancy.TenantRegistry;
import io.jifen.platform.tenancy.TenantSettings;
import io.jifen.platform.web.Hashes;

/**
 * Self-onboarding of a brand: tenant, Keycloak Organization, first admin (whose e-mail address must be verified), first
 * API client, default point type. A sign-up is accepted first and completed by its resumption once the admin has followed
 * the verification mail's link; only the holder of the resume token of the first answer may resume it. Each step finds
 * before it creates, so a resumption continues where an interrupted one stopped.
 */
@Service
public class OnboardingService {

    private static final Logger log = LoggerFactory.getLogger(OnboardingService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where a sign-up stands after a call. */
    public enum Outcome {
        /** Accepted; the admin must follow the link in the verification mail, then the sign-up be resumed. */
        AWAITING_EMAIL_VERIFICATION,
        /** Accepted, but a step could not be done now (the identity provider was unavailable): resume it later. */
        RESUME_LATER,
        /** Completed by this call: the answer carries the API client's secret, once. */
        COMPLETED,
        /** Completed before: the same sign-up again, answered without secrets. */
        ALREADY_COMPLETED
    }

    /** The outcome; {@code resumeToken} only in the first answer, {@code apiClient} once completed (its secret only in COMPLETED). */
    public record SignupResult(Tenant tenant, String adminUsername, Outcome outcome, @Nullable String resumeToken,
                               @Nullable ApiClientView apiClient) {
    }

    private final TenantRegistry tenants;
    private final KeycloakDirectory directory;
    private final ApiClientService apiClients;
    private final PointTypeCatalog pointTypes;
    private final SignupMails mails;
    private final OnboardingProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock;

    OnboardingService(TenantRegistry tenants, KeycloakDirectory directory, ApiClientService apiClients, PointTypeCatalog pointTypes,
                      SignupMails mails, OnboardingProperties properties, TransactionTemplate transactions, Clock clock) {
        this.tenants = tenants;
        this.directory = directory;
        this.apiClients = apiClients;
        this.pointTypes = pointTypes;
        this.mails = mails;
        this.properties = properties;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * A new sign-up: registers the slug and starts provisioning. Whether the admin's e-mail address has an account
     * already does not show in the answer (its owner is told by mail instead). The same sign-up of a completed tenant
     * is answered without secrets; a slug held by another sign-up, or by one in progress, is a 409.
     */
    public SignupResult signUp(SignupRequest request) {
        TenantSettings settings = settings(request);
        String email = email(request);
        String resumeToken = newResumeToken();
        var registration = tenants.register(request.slug(), request.name(), settings, email, fingerprint(request, settings, email),
                Hashes.sha256Hex(resumeToken));
        Tenant tenant = registration.tenant();
        if (!registration.created()) {
            return alreadyCompleted(tenant, email);
        }
        log.info("sign-up of tenant {} ({}) accepted", tenant.slug(), tenant.id());
        try {
            return provision(tenant, request, email, resumeToken, true);
        } catch (DomainException e) {
            if (e.kind() != ProblemKind.UNAVAILABLE) {
                throw e;
            }
            log.warn("sign-up of tenant {} paused: {}", tenant.slug(), e.getMessage());
            return new SignupResult(tenant, email, Outcome.RESUME_LATER, resumeToken, null);
        }
    }

    /**
     * Continues the sign-up {@code signupId} for the holder of its resume token, with the same fields as the sign-up
     * (the password too: the admin may not have been made yet). A wrong or missing token, an unknown id and an expired
     * sign-up all get the same 404.
     */
    public SignupResult resume(UUID signupId, @Nullable String resumeToken, SignupRequest request) {
        Tenant tenant = tenants.find(signupId)
                .filter(t -> resumeToken != null && t.signupTokenHashIs(Hashes.sha256Hex(resumeToken)))
                .filter(t -> t.status() != Tenant.Status.PROVISIONING || !isAbandoned(t))
                .orElseThrow(() -> new DomainException(ProblemKind.NOT_FOUND, "signup-not-found", "Sign-up not found",
                        "No sign-up in progress has this id and resume token"));
        TenantSettings settings = settings(request);
        String email = email(request);
        if (!tenant.slug().equals(request.slug()) || !tenant.signupFingerprint().equals(fingerprint(request, settings, email))) {
            throw DomainException.conflict("signup-mismatch", "A resumption repeats the fields of its sign-up; these differ from them");
        }
        if (tenant.status() != Tenant.Status.PROVISIONING) {
            return alreadyCompleted(tenant, email);
        }
        return provision(tenant, request, email, null, false);
    }

    /** Unfinished for longer than {@code jifen.onboarding.abandon-after}: expired, and removed by {@link AbandonedSignups}. */
    private boolean isAbandoned(Tenant tenant) {
        return tenant.createdAt().isBefore(clock.instant().minus(properties.abandonAfter()));
    }

    private SignupResult provision(Tenant tenant, SignupRequest request, String email, @Nullable String resumeToken, boolean firstCall) {
        UUID tenantId = tenant.id();
        if (directory.emailBelongsElsewhere(email, tenantId)) {
            // Answered as if the address were new; its owner learns of the attempt, and the sign-up expires unfinished.
            if (firstCall) {
                mails.addressAlreadyRegistered(email, tenant.slug());
            }
            return new SignupResult(tenant, email, Outcome.AWAITING_EMAIL_VERIFICATION, resumeToken, null);
        }
        String organizationId = directory.ensureOrganization(tenant.slug(), tenant.name(), tenantId);
        tenants.linkOrganization(tenantId, organizationId);
        KeycloakDirectory.TenantAdmin admin;
        try {
            admin = directory.ensureTenantAdmin(organizationId, tenantId, email, request.adminName(), request.adminPassword(),
                    properties.abandonAfter());
        } catch (DomainException e) {
            if (!"email-in-use".equals(e.type())) {
                throw e;
            }
            // Taken by another sign-up since the check above: the same answer as above.
            return new SignupResult(tenant, email, Outcome.AWAITING_EMAIL_VERIFICATION, resumeToken, null);
        }
        if (!admin.emailVerified()) {
            return new SignupResult(tenant, email, Outcome.AWAITING_EMAIL_VERIFICATION, resumeToken, null);
        }
        var credentials = directory.ensureApiClient(tenantId, "tenant-" + tenant.slug() + "-api", tenant.name() + " API");
        directory.grantRealmRole(admin.id(), Roles.TENANT_ADMIN);
        TenantSettings settings = tenant.settings();
        // The tenant's own rows and its activation in one transaction: a provisioning tenant owns no rows, so an
        // abandoned one is removed with its registry row alone.
        ApiClientView apiClient = TenantContext.callAs(tenantId, () -> transactions.execute(status -> {
            pointTypes.defineDefault(
                    Objects.requireNonNullElse(request.pointName(), "积分"),
                    Objects.requireNonNullElse(request.pointAnchorPoints(), 1L),
                    Objects.requireNonNullElse(request.pointAnchorAmountMinor(), 1L),
                    settings.currency());
            ApiClientView recorded = apiClients.record(credentials, "Default API client");
            tenants.activate(tenantId);
            return recorded;
        }));
        log.info("tenant {} is active", tenant.slug());
        return new SignupResult(tenants.find(tenantId).orElseThrow(), email, Outcome.COMPLETED, resumeToken, apiClient);
    }

    private SignupResult alreadyCompleted(Tenant tenant, String email) {
        ApiClientView apiClient = TenantContext.callAs(tenant.id(), () -> apiClients.first().orElseThrow());
        return new SignupResult(tenant, email, Outcome.ALREADY_COMPLETED, null, apiClient);
    }

    private static TenantSettings settings(SignupRequest request) {
        return TenantSettings.validated(
                Objects.requireNonNullElse(request.timeZone(), TenantSettings.CHINA.timeZone()),
                Objects.requireNonNullElse(request.currency(), TenantSettings.CHINA.currency()),
                Objects.requireNonNullElse(request.locale(), TenantSettings.CHINA.locale()));
    }

    private static String email(SignupRequest request) {
        return request.adminEmail().toLowerCase(Locale.ROOT);
    }

    /** 256 random bits; only their SHA-256 is stored. */
    private static String newResumeToken() {
        byte[] token = new byte[32];
        RANDOM.nextBytes(token);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
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
