package io.jifen.platform.earning;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.crypto.Aad;
import io.jifen.crypto.FieldCipher;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.web.Hashes;

/**
 * Webhook-style event ingestion for systems that cannot do OAuth2: the tenant's system signs each post with the
 * tenant's secret, {@code X-Jifen-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>} with
 * {@code X-Jifen-Timestamp} in Unix seconds; a post older or newer than {@link #WINDOW} is refused, so a captured post
 * cannot be replayed later (within the window a replay finds its events already applied). The secret must be readable
 * to verify signatures, so it is stored sealed (jifen-crypto, bound to its tenant), not hashed.
 */
@Service
class EarningWebhooks {

    static final Duration WINDOW = Duration.ofMinutes(5);
    private static final String NOT_VERIFIED =
            "X-Jifen-Signature does not verify the body for this tenant (is the webhook secret issued and current?)";
    private static final String UNKNOWN = "whsec_unknown-tenant";

    private static final UUID NO_TENANT = new UUID(0, 0);

    private final JdbcClient jdbc;
    private final FieldCipher cipher;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final byte[] unknownSealed;

    EarningWebhooks(JdbcClient jdbc, FieldCipher cipher, Clock clock) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.clock = clock;
        this.unknownSealed = cipher.sealText(UNKNOWN, aad(NO_TENANT));
    }

    /** Issues a new secret for the current tenant, replacing the old one; it is shown this once. */
    @Transactional
    public String rotateSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.sql("""
                        insert into platform.earning_webhook_secret (tenant_id, secret_encrypted, created_at)
                        values (platform.current_tenant(), ?, ?)
                        on conflict (tenant_id) do update set secret_encrypted = excluded.secret_encrypted, created_at = excluded.created_at""")
                .params(cipher.sealText(secret, aad(TenantContext.require())), clock.instant().atOffset(ZoneOffset.UTC))
                .update();
        return secret;
    }

    /**
     * Verifies a post's timestamp, which needs no tenant: Unix seconds within {@link #WINDOW} of now (compared as
     * numbers, so no value overflows).
     */
    public long verifyTimestamp(@Nullable String timestamp) {
        long seconds;
        try {
            seconds = Long.parseLong(timestamp == null ? "" : timestamp.strip());
        } catch (NumberFormatException e) {
            throw refused("X-Jifen-Timestamp must be Unix seconds");
        }
        long now = clock.instant().getEpochSecond();
        if (seconds < now - WINDOW.toSeconds() || seconds > now + WINDOW.toSeconds()) {
            throw refused("X-Jifen-Timestamp is outside the " + WINDOW.toMinutes() + "-minute window");
        }
        return seconds;
    }

    /**
     * Verifies a post for the current tenant, or for no tenant (an unknown slug): a tenant without a secret, an unknown
     * slug and a wrong signature get the same 401, so slugs cannot be told apart by their answers. Nothing is applied.
     */
    @Transactional(readOnly = true)
    public void verify(@Nullable String timestamp, @Nullable String signature, byte[] body) {
        long seconds = verifyTimestamp(timestamp);
        Optional<String> secret = jdbc.sql("""
                        select tenant_id, secret_encrypted from platform.earning_webhook_secret where tenant_id = platform.current_tenant()""")
                .query((rs, n) -> cipher.openText(rs.getBytes(2), aad(rs.getObject(1, UUID.class))))
                .optional();
        // An unknown tenant is checked against a secret of its own making (opened too), so that it costs what a known one costs.
        String expected = "sha256=" + sign(secret.orElseGet(() -> cipher.openText(unknownSealed, aad(NO_TENANT))), seconds, body);
        if (secret.isEmpty() || signature == null
                || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.strip().getBytes(StandardCharsets.US_ASCII))) {
            throw refused(NOT_VERIFIED);
        }
    }

    /** Binds a sealed secret to its tenant: it opens for no other. */
    static Aad aad(UUID tenant) {
        return Aad.of("platform.earning_webhook_secret", tenant, "secret");
    }

    /** The signature's hex digest: HMAC-SHA256 under the secret of the timestamp, a dot and the body. */
    static String sign(String secret, long timestamp, byte[] body) {
        return Hashes.webhookSignature(secret, timestamp, body);
    }

    private static DomainException refused(String detail) {
        return new DomainException(ProblemKind.UNAUTHENTICATED, "webhook-signature", "Webhook refused", detail, List.of());
    }
}
