package io.jifen.platform.notification;

import java.net.URI;
import java.security.SecureRandom;
import java.sql.Array;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.crypto.Aad;
import io.jifen.crypto.FieldCipher;
import io.jifen.platform.audit.AuditTrail;
import io.jifen.platform.audit.AuditedChange;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.tenancy.TenantCache;
import io.jifen.platform.tenancy.TenantContext;

/**
 * The current tenant's notification webhook: its URL, the kinds it wants, and the secret that signs the posts (stored
 * sealed, bound to the tenant: it must be read back to sign; shown to the admin only when issued).
 */
@Service
class WebhookSettings {

    /** What the admin sees; {@code secret} only in the answer that issued it. */
    record Webhook(@Nullable String url, List<NotificationKind> kinds, boolean configured, @Nullable Instant updatedAt, @Nullable String secret) {

        static final Webhook NONE = new Webhook(null, List.of(), false, null, null);

        Webhook withSecret(@Nullable String issued) {
            return new Webhook(url, kinds, configured, updatedAt, issued);
        }
    }

    /** Where to post, and what to sign with. */
    record Target(URI url, List<NotificationKind> kinds, String secret) {
    }

    private final JdbcClient jdbc;
    private final FieldCipher cipher;
    private final AuditTrail audit;
    private final WebhookAddresses addresses;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Every notification asks whether the tenant's webhook wants it: the kinds it wants, kept per replica. */
    private final TenantCache<Boolean, Set<String>> wanted = new TenantCache<>(10_000);

    WebhookSettings(JdbcClient jdbc, FieldCipher cipher, AuditTrail audit, WebhookAddresses addresses, Clock clock) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.audit = audit;
        this.addresses = addresses;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    Webhook get() {
        return jdbc.sql("select url, kinds, updated_at from platform.notification_webhook where tenant_id = platform.current_tenant()")
                .query((rs, n) -> new Webhook(rs.getString(1), kinds(rs.getArray(2)), true, rs.getObject(3, OffsetDateTime.class).toInstant(), null))
                .optional().orElse(Webhook.NONE);
    }

    /** Sets the URL and kinds; the first configuration issues the secret (answered this once), later ones keep it. */
    @Transactional
    Webhook configure(String url, List<NotificationKind> kinds) {
        URI checked = addresses.check(url);
        if (kinds.isEmpty()) {
            throw DomainException.invalidField("kinds", "name at least one kind of notification to post");
        }
        Webhook before = get();
        wanted.forgetAfterCompletion();
        String issued = before.configured() ? null : newSecret();
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        String[] names = new LinkedHashSet<>(kinds).stream().map(Enum::name).toArray(String[]::new);
        if (issued == null) {
            jdbc.sql("update platform.notification_webhook set url = ?, kinds = ?::text[], updated_at = ? where tenant_id = platform.current_tenant()")
                    .params(checked.toString(), names, now).update();
        } else {
            jdbc.sql("""
                            insert into platform.notification_webhook (tenant_id, url, kinds, secret_encrypted, updated_at)
                            values (platform.current_tenant(), ?, ?::text[], ?, ?)""")
                    .params(checked.toString(), names, cipher.sealText(issued, aad(TenantContext.require())), now).update();
        }
        Webhook after = get();
        audit.record(AuditedChange.of("notification-webhook", TenantContext.require(), before.configured() ? before : null, after));
        return after.withSecret(issued);
    }

    /** Issues a new secret for the configured webhook, replacing the old one at once; it is shown this once. */
    @Transactional
    String rotateSecret() {
        Webhook current = get();
        if (!current.configured()) {
            throw DomainException.notFound("The notification webhook");
        }
        String secret = newSecret();
        jdbc.sql("update platform.notification_webhook set secret_encrypted = ?, updated_at = ? where tenant_id = platform.current_tenant()")
                .params(cipher.sealText(secret, aad(TenantContext.require())), clock.instant().atOffset(ZoneOffset.UTC)).update();
        audit.record(AuditedChange.of("notification-webhook-secret", TenantContext.require(), null, null));
        return secret;
    }

    /** Removes the webhook: nothing more is posted (queued posts are dropped when their turn comes). */
    @Transactional
    void remove() {
        Webhook before = get();
        if (!before.configured()) {
            return;
        }
        wanted.forgetAfterCompletion();
        jdbc.sql("delete from platform.notification_webhook where tenant_id = platform.current_tenant()").update();
        audit.record(AuditedChange.of("notification-webhook", TenantContext.require(), before, null));
    }

    /**
     * Whether the tenant's webhook wants notifications of this kind (as this replica last read it, within
     * {@link TenantCache#FRESH_FOR}; its own changes at once).
     */
    @Transactional(readOnly = true)
    boolean wants(NotificationKind kind) {
        return wanted.get(Boolean.TRUE, () -> jdbc.sql("select kinds from platform.notification_webhook where tenant_id = platform.current_tenant()")
                .query((rs, n) -> Set.copyOf(kinds(rs.getArray(1)).stream().map(Enum::name).toList())).optional().orElse(Set.of()))
                .contains(kind.name());
    }

    /** The webhook to post to, with its secret opened. */
    @Transactional(readOnly = true)
    Optional<Target> target() {
        return jdbc.sql("select tenant_id, url, kinds, secret_encrypted from platform.notification_webhook where tenant_id = platform.current_tenant()")
                .query((rs, n) -> new Target(URI.create(rs.getString(2)), kinds(rs.getArray(3)),
                        cipher.openText(rs.getBytes(4), aad(rs.getObject(1, UUID.class)))))
                .optional();
    }

    /** Binds a sealed secret to its tenant: it opens for no other. */
    static Aad aad(UUID tenant) {
        return Aad.of("platform.notification_webhook", tenant, "secret");
    }

    private String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return "nwhsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static List<NotificationKind> kinds(Array array) throws java.sql.SQLException {
        return Arrays.stream((String[]) array.getArray()).map(NotificationKind::valueOf).toList();
    }
}
