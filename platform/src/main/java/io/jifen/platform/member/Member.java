package io.jifen.platform.member;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.TenantId;

/** A person in a tenant's programme, known to the brand by its own user id ({@code externalId}). */
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
    private String displayName;
    private String mobile;
    private String email;
    private LocalDate birthday;
    private String region;
    private Instant createdAt;
    private Instant updatedAt;
    @Version
    private long version;

    protected Member() {
    }

    Member(UUID id, String externalId, Audience audience, MemberProfile profile, Instant now) {
        this.id = id;
        this.externalId = externalId;
        this.audience = audience;
        this.status = MemberStatus.ACTIVE;
        apply(profile);
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

    public MemberProfile profile() {
        return new MemberProfile(displayName, mobile, email, birthday, region);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    void changeProfile(MemberProfile profile, Instant now) {
        apply(profile);
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

    private void apply(MemberProfile profile) {
        this.displayName = profile.displayName();
        this.mobile = profile.mobile();
        this.email = profile.email();
        this.birthday = profile.birthday();
        this.region = profile.region();
    }
}
