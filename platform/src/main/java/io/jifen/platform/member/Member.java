package io.jifen.platform.member;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;

import org.hibernate.annotations.TenantId;

/**
 * A person in a tenant's programme, known to the brand by its own user id ({@code externalId}). Its personal data is
 * stored sealed ({@link MemberSealing}); {@link #profile()} opens it.
 */
@Entity
@Table(name = "member")
public class Member {

    @TenantId
    private UUID tenantId;
    @Id
    private UUID id;
    private String externalId;
    @Enumerated(EnumType.STRING)
    private Audience audience;
    @Enumerated(EnumType.STRING)
    private MemberStatus status;
    private byte[] displayNameEncrypted;
    private byte[] mobileEncrypted;
    private byte[] mobileIndex;
    private byte[] emailEncrypted;
    private byte[] emailIndex;
    private byte[] birthdayEncrypted;
    private byte[] birthdayIndex;
    private String region;
    @Transient
    private MemberProfile profile;
    @Transient
    private MemberSealing sealing;
    private Instant createdAt;
    private Instant updatedAt;
    @Version
    private long version;

    protected Member() {
    }

    Member(UUID id, String externalId, Audience audience, MemberProfile profile, MemberSealing.Sealed sealed, Instant now) {
        this.id = id;
        this.externalId = externalId;
        this.audience = audience;
        this.status = MemberStatus.ACTIVE;
        apply(profile, sealed);
        this.createdAt = now;
        this.updatedAt = now;
    }

    public UUID id() {
        return id;
    }

    public String externalId() {
        return externalId;
    }

    public Audience audience() {
        return audience;
    }

    public MemberStatus status() {
        return status;
    }

    /** Opened on first use: callers that need only the status or audience pay no decryption. */
    public MemberProfile profile() {
        if (profile == null) {
            if (sealing == null) {
                throw new IllegalStateException("member " + id + " was read without its MemberSealing");
            }
            profile = sealing.open(tenantId, id, displayNameEncrypted, mobileEncrypted, emailEncrypted, birthdayEncrypted, region);
        }
        return profile;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    void changeProfile(MemberProfile profile, MemberSealing.Sealed sealed, Instant now) {
        apply(profile, sealed);
        this.updatedAt = now;
    }

    void changeAudience(Audience audience, Instant now) {
        this.audience = audience;
        this.updatedAt = now;
    }

    void changeStatus(MemberStatus status, Instant now) {
        this.status = status;
        this.updatedAt = now;
    }

    /** Lets {@link #profile()} open the sealed values (the directory does this for every member it hands out). */
    Member open(MemberSealing sealing) {
        this.sealing = sealing;
        return this;
    }

    private void apply(MemberProfile profile, MemberSealing.Sealed sealed) {
        this.profile = profile;
        this.displayNameEncrypted = sealed.displayName();
        this.mobileEncrypted = sealed.mobile();
        this.mobileIndex = sealed.mobileIndex();
        this.emailEncrypted = sealed.email();
        this.emailIndex = sealed.emailIndex();
        this.birthdayEncrypted = sealed.birthday();
        this.birthdayIndex = sealed.birthdayIndex();
        this.region = profile.region();
    }
}
