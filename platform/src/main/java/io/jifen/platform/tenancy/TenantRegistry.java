package io.jifen.platform.tenancy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.jifen.crypto.Aad;
import io.jifen.crypto.FieldCipher;
import io.jifen.platform.audit.AuditTrail;
import io.jifen.platform.audit.AuditedChange;
import io.jifen.platform.problem.DomainException;

/** The registry of tenants: registration during sign-up, lookup, and a tenant's own profile. */
@Service
public class TenantRegistry {

    /** A sign-up's tenant, and whether this call created it (false when a repeated sign-up found it). */
    public record Registration(Tenant tenant, boolean created) {
    }

    /** How long a tenant's suspension may take to reach every request on every instance. */
    public static final Duration STATUS_CACHED = Duration.ofSeconds(5);

    private final Tenants tenants;
    private final FieldCipher cipher;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final Cache<UUID, Boolean> suspended = Caffeine.newBuilder().expireAfterWrite(STATUS_CACHED).maximumSize(100_000).build();
    /** Active tenants by slug, detached copies read at most {@link #STATUS_CACHED} ago; this instance's own changes drop them. */
    private final Cache<String, Tenant> activeBySlug = Caffeine.newBuilder().expireAfterWrite(STATUS_CACHED).maximumSize(100_000).build();
    private final Cache<UUID, ZoneId> zones = Caffeine.newBuilder().expireAfterWrite(STATUS_CACHED).maximumSize(100_000).build();

    private final AuditTrail audit;

    TenantRegistry(Tenants tenants, FieldCipher cipher, Clock clock, ApplicationEventPublisher events, AuditTrail audit) {
        this.audit = audit;
        this.tenants = tenants;
        this.cipher = cipher;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Registers a tenant under {@code slug} (status {@code PROVISIONING}), or finds the one an identical sign-up registered
     * and completed before ({@code created} false). A slug held by a different sign-up, or by one still provisioning, is a
     * 409: only the holder of its resume token may continue a sign-up in progress.
     */
    public Registration register(String slug, String name, TenantSettings settings, String adminEmail, String fingerprint, String tokenHash) {
        Optional<Tenant> existing = tenants.findBySlug(slug);
        if (existing.isPresent()) {
            return repeated(existing.get(), fingerprint);
        }
        try {
            UUID id = UUID.randomUUID();
            return new Registration(tenants.saveAndFlush(new Tenant(id, slug, name, settings, cipher.sealText(adminEmail, adminEmailAad(id)),
                    fingerprint, tokenHash, clock.instant())), true);
        } catch (DataIntegrityViolationException raced) {
            return repeated(tenants.findBySlug(slug).orElseThrow(() -> raced), fingerprint);
        }
    }

    /** The tenant admin's e-mail as given at sign-up (stored encrypted). */
    public String adminEmail(Tenant tenant) {
        return cipher.openText(tenant.adminEmailEncrypted(), adminEmailAad(tenant.id()));
    }

    static Aad adminEmailAad(UUID tenant) {
        return Aad.of("platform.tenant", tenant, "admin_email");
    }

    private static Registration repeated(Tenant tenant, String fingerprint) {
        if (tenant.status() == Tenant.Status.PROVISIONING || !tenant.signupFingerprint().equals(fingerprint)) {
            throw DomainException.conflict("slug-taken", "The slug '" + tenant.slug() + "' is taken; choose another one");
        }
        return new Registration(tenant, false);
    }

    @Transactional(readOnly = true)
    public Optional<Tenant> find(UUID tenantId) {
        return tenants.findById(tenantId);
    }

    /** Sign-ups registered before {@code before} and still provisioning, oldest first. */
    @Transactional(readOnly = true)
    public List<Tenant> provisioningSince(Instant before) {
        return tenants.findByStatusAndCreatedAtBeforeOrderByCreatedAt(Tenant.Status.PROVISIONING, before);
    }

    /**
     * Deletes a tenant that is still provisioning, which frees its slug; false if it is gone or no longer provisioning.
     * Only the row: a provisioning tenant owns no other rows (the sign-up writes them when it completes, with the activation).
     */
    @Transactional
    public boolean removeProvisioning(UUID tenantId) {
        Optional<Tenant> tenant = tenants.findById(tenantId).filter(t -> t.status() == Tenant.Status.PROVISIONING);
        tenant.ifPresent(tenants::delete);
        return tenant.isPresent();
    }

    @Transactional
    public void linkOrganization(UUID tenantId, String organizationId) {
        get(tenantId).linkOrganization(organizationId, clock.instant());
    }

    @Transactional
    public Tenant activate(UUID tenantId) {
        Tenant tenant = get(tenantId);
        tenant.activate(clock.instant());
        return tenant;
    }

    /** Suspends a tenant; its members, tokens and webhooks are refused within {@link #STATUS_CACHED} on every instance. */
    @Transactional
    public Tenant suspend(UUID tenantId) {
        Tenant tenant = get(tenantId);
        forgetAfterCompletion(tenantId);
        var before = TenantController.TenantView.of(tenant);
        tenant.suspend(clock.instant());
        audit.record(AuditedChange.of("tenant", tenantId, before, TenantController.TenantView.of(tenant)));
        return tenant;
    }

    @Transactional
    public Tenant reactivate(UUID tenantId) {
        Tenant tenant = get(tenantId);
        forgetAfterCompletion(tenantId);
        var before = TenantController.TenantView.of(tenant);
        tenant.reactivate(clock.instant());
        audit.record(AuditedChange.of("tenant", tenantId, before, TenantController.TenantView.of(tenant)));
        return tenant;
    }

    /**
     * Whether the tenant is suspended, as known for at most {@link #STATUS_CACHED}: every authenticated request asks, so
     * the answer is kept in memory rather than read each time.
     */
    public boolean isSuspended(UUID tenantId) {
        return suspended.get(tenantId, id -> tenants.findById(id).map(t -> t.status() == Tenant.Status.SUSPENDED).orElse(false));
    }

    @Transactional(readOnly = true)
    public Optional<Tenant> findBySlug(String slug) {
        return tenants.findBySlug(slug);
    }

    /**
     * The active tenant of this slug, as known for at most {@link #STATUS_CACHED} (a change made through this instance at
     * once): every page of a tenant's mall asks. Read only; an unknown or inactive slug is read again each time.
     */
    public Optional<Tenant> findActiveBySlug(String slug) {
        Tenant known = activeBySlug.getIfPresent(slug);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Tenant> found = tenants.findBySlug(slug).filter(t -> t.status() == Tenant.Status.ACTIVE);
        found.ifPresent(tenant -> activeBySlug.put(slug, tenant));
        return found;
    }

    /**
     * Drops what this instance knows of the tenant (its status, the active tenants by slug) once the caller's transaction
     * ends, committed or not: dropped earlier, a request in between could keep the old state for another
     * {@link #STATUS_CACHED}.
     */
    private void forgetAfterCompletion(UUID tenantId) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                suspended.invalidate(tenantId);
                zones.invalidate(tenantId);
                activeBySlug.invalidateAll();
            }
        });
    }

    /**
     * The time zone of the current tenant's calendar (its days for limits and reports), as known for at most
     * {@link #STATUS_CACHED}: every order asks.
     */
    public ZoneId zone() {
        return zones.get(TenantContext.require(), id -> ZoneId.of(get(id).settings().timeZone()));
    }

    /** The tenant of the authenticated caller. */
    @Transactional(readOnly = true)
    public Tenant current() {
        return get(TenantContext.require());
    }

    /**
     * Changes the current tenant's name, settings and logo (each when not null; an empty logo removes it). A new name or
     * logo is published as {@link TenantBrandingChanged}, for the tenant's login page.
     */
    @Transactional
    public Tenant updateCurrent(String name, TenantSettings settings, String logoUrl) {
        Tenant tenant = get(TenantContext.require());
        forgetAfterCompletion(tenant.id());
        var before = TenantController.TenantView.of(tenant);
        boolean branding = false;
        if (name != null && !name.equals(tenant.name())) {
            tenant.rename(name, clock.instant());
            branding = true;
        }
        if (settings != null) {
            tenant.changeSettings(settings, clock.instant());
        }
        if (logoUrl != null) {
            String newLogo = logoUrl.isEmpty() ? null : TenantBrandingChanged.validatedLogoUrl(logoUrl);
            if (!java.util.Objects.equals(newLogo, tenant.logoUrl())) {
                tenant.changeLogo(newLogo, clock.instant());
                branding = true;
            }
        }
        if (branding) {
            events.publishEvent(new TenantBrandingChanged(tenant.id(), tenant.slug(), tenant.name(), tenant.logoUrl()));
        }
        audit.record(AuditedChange.of("tenant", tenant.id(), before, TenantController.TenantView.of(tenant)));
        return tenant;
    }

    /**
     * The mall's colours of the current tenant ({@code #RRGGBB}, checked by the caller); a null leaves a colour as it is,
     * {@code ""} goes back to the mall's default.
     */
    @Transactional
    public Tenant updateCurrentColors(String primary, String accent) {
        Tenant tenant = get(TenantContext.require());
        forgetAfterCompletion(tenant.id());
        String newPrimary = primary == null ? tenant.primaryColor() : primary.isEmpty() ? null : primary.toUpperCase(java.util.Locale.ROOT);
        String newAccent = accent == null ? tenant.accentColor() : accent.isEmpty() ? null : accent.toUpperCase(java.util.Locale.ROOT);
        if (!java.util.Objects.equals(newPrimary, tenant.primaryColor()) || !java.util.Objects.equals(newAccent, tenant.accentColor())) {
            tenant.changeColors(newPrimary, newAccent, clock.instant());
        }
        return tenant;
    }

    /** Records that the current tenant's onboarding is finished; the first time counts, a repeat changes nothing. */
    @Transactional
    public Tenant finishOnboarding() {
        Tenant tenant = get(TenantContext.require());
        forgetAfterCompletion(tenant.id());
        if (tenant.onboardedAt() == null) {
            var before = TenantController.TenantView.of(tenant);
            // To the column's precision, so this answer and every later read show the same instant.
            tenant.finishOnboarding(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
            audit.record(AuditedChange.of("tenant", tenant.id(), before, TenantController.TenantView.of(tenant)));
        }
        return tenant;
    }

    /** Every tenant's id, in a stable order: batch jobs walk the tenants one by one. */
    @Transactional(readOnly = true)
    public List<UUID> allIds() {
        return tenants.findAll(org.springframework.data.domain.Sort.by("id")).stream().map(Tenant::id).toList();
    }

    @Transactional(readOnly = true)
    public Page<Tenant> list(Pageable page) {
        return tenants.findAll(page);
    }

    private Tenant get(UUID id) {
        return tenants.findById(id).orElseThrow(() -> DomainException.notFound("Tenant " + id));
    }
}
