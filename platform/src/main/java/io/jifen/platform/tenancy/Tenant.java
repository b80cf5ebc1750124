package io.jifen.platform.tenancy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.jifen.platform.problem.DomainException;

/**
 * A brand on the platform. The tenant registry is the one platform-level table: its row is the tenant itself,
 * so it carries no tenant_id.
 */
@Entity
@Table(name = "tenant")
public class Tenant {

    public enum Status { PROVISIONING, ACTIVE, SUSPENDED }

    @Id
    private UUID id;
    private String slug;
    private String name;
    @Enumerated(EnumType.STRING)
    private Status status;
    private String timeZone;
    private String currency;
    private String locale;
    /** The brand's logo (an https URL), shown on its login page; null when it has none. */
    private String logoUrl;
    /** The mall's colours (#RRGGBB); null: the mall's own defaults. */
    private String primaryColor;
    private String accentColor;
    /** When an admin finished the console's onboarding wizard; null until then. */
    private Instant onboardedAt;
    /** The admin's e-mail, sealed ({@link TenantRegistry#adminEmail}). */
    private byte[] adminEmailEncrypted;
    private String signupFingerprint;
    private String signupTokenHash;
    @Column(name = "keycloak_organization_id")
    private String keycloakOrganizationId;
    private Instant createdAt;
    private Instant updatedAt;
    @Version
    private long version;

    protected Tenant() {
    }

    Tenant(UUID id, String slug, String name, TenantSettings settings, byte[] adminEmailEncrypted, String signupFingerprint,
           String signupTokenHash, Instant now) {
        this.id = id;
        this.slug = slug;
        this.name = name;
        this.status = Status.PROVISIONING;
        this.timeZone = settings.timeZone();
        this.currency = settings.currency();
        this.locale = settings.locale();
        this.adminEmailEncrypted = adminEmailEncrypted;
        this.signupFingerprint = signupFingerprint;
        this.signupTokenHash = signupTokenHash;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public UUID id() {
        return id;
    }

    public String slug() {
        return slug;
    }

    public String name() {
        return name;
    }

    public Status status() {
        return status;
    }

    public TenantSettings settings() {
        return new TenantSettings(timeZone, currency, locale);
    }

    byte[] adminEmailEncrypted() {
        return adminEmailEncrypted;
    }

    public String signupFingerprint() {
        return signupFingerprint;
    }

    /** Whether {@code tokenHash} is the hash of the resume token this tenant's sign-up handed out (compared in constant time). */
    public boolean signupTokenHashIs(String tokenHash) {
        return signupTokenHash != null && tokenHash != null && MessageDigest.isEqual(
                signupTokenHash.getBytes(StandardCharsets.US_ASCII), tokenHash.getBytes(StandardCharsets.US_ASCII));
    }

    /** The brand's logo, an https URL, or null. */
    public String logoUrl() {
        return logoUrl;
    }

    /** The mall's primary colour, {@code #RRGGBB}, or null. */
    public String primaryColor() {
        return primaryColor;
    }

    /** The mall's accent colour, {@code #RRGGBB}, or null. */
    public String accentColor() {
        return accentColor;
    }

    /** When an admin finished the console's onboarding wizard, or null. */
    public Instant onboardedAt() {
        return onboardedAt;
    }

    public String keycloakOrganizationId() {
        return keycloakOrganizationId;
    }

    public Instant createdAt() {
        return createdAt;
    }

    void linkOrganization(String organizationId, Instant now) {
        this.keycloakOrganizationId = organizationId;
        this.updatedAt = now;
    }

    void activate(Instant now) {
        this.status = Status.ACTIVE;
        this.updatedAt = now;
    }

    /** Suspended (by the operator, or by billing's dunning): its tokens and webhooks are refused until it is reactivated. */
    void suspend(Instant now) {
        if (status == Status.PROVISIONING) {
            throw DomainException.conflict("tenant-provisioning", "Tenant " + slug + " is still provisioning");
        }
        this.status = Status.SUSPENDED;
        this.updatedAt = now;
    }

    void reactivate(Instant now) {
        if (status == Status.PROVISIONING) {
            throw DomainException.conflict("tenant-provisioning", "Tenant " + slug + " is still provisioning");
        }
        this.status = Status.ACTIVE;
        this.updatedAt = now;
    }

    void rename(String newName, Instant now) {
        this.name = newName;
        this.updatedAt = now;
    }

    void finishOnboarding(Instant now) {
        this.onboardedAt = now;
        this.updatedAt = now;
    }

    void changeColors(String primary, String accent, Instant now) {
        this.primaryColor = primary;
        this.accentColor = accent;
        this.updatedAt = now;
    }

    void changeLogo(String newLogoUrl, Instant now) {
        this.logoUrl = newLogoUrl;
        this.updatedAt = now;
    }

    void changeSettings(TenantSettings settings, Instant now) {
        this.timeZone = settings.timeZone();
        this.currency = settings.currency();
        this.locale = settings.locale();
        this.updatedAt = now;
    }
}
