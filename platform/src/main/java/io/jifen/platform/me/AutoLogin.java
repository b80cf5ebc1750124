package io.jifen.platform.me;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.crypto.Aad;
import io.jifen.crypto.FieldCipher;
import io.jifen.platform.audit.AuditTrail;
import io.jifen.platform.audit.AuditedChange;
import io.jifen.platform.identity.MemberTokens;
import io.jifen.platform.member.Audience;
import io.jifen.platform.member.Member;
import io.jifen.platform.member.MemberDirectory;
import io.jifen.platform.member.MemberStatus;
import io.jifen.platform.member.NewMember;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.tenancy.TenantContext;

/**
 * Signed auto-login links: the tenant's secret and setting, and the verification that opens a member session. A link
 * is valid {@link #VALID} after its timestamp (and not more than {@link #SKEW} before it) and once: its nonce is kept
 * until the link would have expired, and a second use is refused.
 */
@Service
public class AutoLogin {

    static final Duration VALID = Duration.ofMinutes(5);
    static final Duration SKEW = Duration.ofSeconds(30);
    private static final String NO_SECRET = "alsec_none";
    private static final String NOT_VERIFIED = "The link's signature does not verify for this tenant (is the auto-login secret issued and current?)";

    /** The tenant's auto-login setting; the secret itself is shown only when it is issued. */
    public record Setting(boolean secretIssued, boolean createUnknownMembers) {
    }

    /** A session opened by a link: the member's access token and where in the mall to go. */
    public record Session(String accessToken, String tokenType, long expiresIn, UUID memberId, boolean created, @Nullable String redirect) {
    }

    private final JdbcClient jdbc;
    private final FieldCipher cipher;
    private final MemberDirectory members;
    private final MemberTokens tokens;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    private final AuditTrail audit;

    AutoLogin(JdbcClient jdbc, FieldCipher cipher, MemberDirectory members, MemberTokens tokens, Clock clock, AuditTrail audit) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.members = members;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** Issues a new secret for the current tenant, replacing the old one at once; it is shown this once. */
    @Transactional
    public String rotateSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = "alsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.sql("""
                        insert into platform.auto_login_setting (tenant_id, secret_encrypted, updated_at)
                        values (platform.current_tenant(), ?, ?)
                        on conflict (tenant_id) do update set secret_encrypted = excluded.secret_encrypted, updated_at = excluded.updated_at""")
                .params(cipher.sealText(secret, aad(TenantContext.require())), clock.instant().atOffset(ZoneOffset.UTC))
                .update();
        // Only that the secret changed: its value is redacted by name.
        audit.record(AuditedChange.of("auto-login-secret", null, null, java.util.Map.of("secret", secret)));
        return secret;
    }

    @Transactional
    public Setting update(boolean createUnknownMembers) {
        Setting before = setting();
        jdbc.sql("""
                        insert into platform.auto_login_setting (tenant_id, create_unknown_members, updated_at)
                        values (platform.current_tenant(), ?, ?)
                        on conflict (tenant_id) do update set create_unknown_members = excluded.create_unknown_members, updated_at = excluded.updated_at""")
                .params(createUnknownMembers, clock.instant().atOffset(ZoneOffset.UTC))
                .update();
        Setting after = setting();
        audit.record(AuditedChange.of("auto-login-settings", null, before, after));
        return after;
    }

    @Transactional(readOnly = true)
    public Setting setting() {
        return jdbc.sql("select secret_encrypted is not null, create_unknown_members from platform.auto_login_setting where tenant_id = platform.current_tenant()")
                .query((rs, n) -> new Setting(rs.getBoolean(1), rs.getBoolean(2)))
                .optional()
                .orElse(new Setting(false, false));
    }

    /**
     * Verifies a link for the current tenant (bound from the link's slug) and opens a session: shape, time window,
     * signature, then the nonce (so nobody can burn nonces without the secret), then the member, created when unknown
     * if the tenant allows it. A refused link changes nothing (the transaction rolls back, nonce included).
     */
    @Transactional
    public Session open(AutoLoginLink link) {
        link.validateShape();
        Instant now = clock.instant();
        Instant signedAt = Instant.ofEpochSecond(link.seconds());
        if (signedAt.isBefore(now.minus(VALID)) || signedAt.isAfter(now.plus(SKEW))) {
            throw refused("auto-login-expired", "Link expired", "The link was signed more than " + VALID.toMinutes()
                    + " minutes ago (or in the future); the brand's back end signs a fresh link for every visit");
        }
        var stored = jdbc.sql("""
                        select secret_encrypted, create_unknown_members from platform.auto_login_setting where tenant_id = platform.current_tenant()""")
                .query((rs, n) -> new Object[] {rs.getBytes(1), rs.getBoolean(2)})
                .optional();
        byte[] sealed = stored.map(row -> (byte[]) row[0]).orElse(null);
        UUID tenant = TenantContext.require();
        // Without a secret (or a tenant) the link is still checked, against a made-up secret, so both take about as long.
        boolean verified = link.signedWith(sealed == null ? NO_SECRET : cipher.openText(sealed, aad(tenant)));
        if (sealed == null || !verified) {
            throw refused("auto-login-signature", "Link refused", NOT_VERIFIED);
        }
        jdbc.sql("delete from platform.auto_login_nonce where tenant_id = platform.current_tenant() and expires_at < ?")
                .param(now.atOffset(ZoneOffset.UTC))
                .update();
        int fresh = jdbc.sql("""
                        insert into platform.auto_login_nonce (tenant_id, nonce, expires_at) values (platform.current_tenant(), ?, ?)
                        on conflict do nothing""")
                .params(link.nonce(), signedAt.plus(VALID).plus(SKEW).atOffset(ZoneOffset.UTC))
                .update();
        if (fresh == 0) {
            throw refused("auto-login-replayed", "Link already used", "This link has opened a session already; a link works once");
        }
        boolean createUnknown = stored.map(row -> (Boolean) row[1]).orElse(false);
        var known = members.lookUp(List.of(), List.of(link.member())).stream().findFirst();
        if (known.isEmpty() && !createUnknown) {
            throw new DomainException(ProblemKind.NOT_FOUND, "auto-login-unknown-member", "Unknown member",
                    "No member has this external id, and the tenant does not create members on first arrival", List.of());
        }
        UUID memberId;
        MemberStatus status;
        if (known.isPresent()) {
            memberId = known.get().id();
            status = known.get().status();
        } else {
            Member member = members.create(new NewMember(link.member(), Audience.CONSUMER, null, null, null, null, null, null));
            memberId = member.id();
            status = member.status();
        }
        if (status != MemberStatus.ACTIVE) {
            throw new DomainException(ProblemKind.REFUSED, "member-not-active", "Member not active",
                    "This member is " + status.name().toLowerCase(java.util.Locale.ROOT) + " and cannot sign in to the mall", List.of());
        }
        var issued = tokens.issue(tenant, memberId);
        String redirect = link.redirect() == null || link.redirect().isEmpty() ? null : link.redirect();
        return new Session(issued.accessToken(), issued.tokenType(), issued.expiresIn(), memberId, known.isEmpty(), redirect);
    }

    /** Binds a sealed secret to its tenant: it opens for no other. */
    static Aad aad(UUID tenant) {
        return Aad.of("platform.auto_login_setting", tenant, "secret");
    }

    static DomainException refused(String type, String title, String detail) {
        return new DomainException(ProblemKind.UNAUTHENTICATED, type, title, detail, List.of());
    }
}
