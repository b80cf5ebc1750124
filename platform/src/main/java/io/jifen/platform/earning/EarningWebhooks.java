package io.jifen.platform.earning;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;

/**
 * Webhook-style event ingestion for systems that cannot do OAuth2: the tenant's system signs each post with the
 * tenant's secret, {@code X-Jifen-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>} with
 * {@code X-Jifen-Timestamp} in Unix seconds; a post older or newer than {@link #WINDOW} is refused, so a captured post
 * cannot be replayed later (within the window a replay finds its events already applied).
 */
@Service
public class EarningWebhooks {

    static final Duration WINDOW = Duration.ofMinutes(5);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    EarningWebhooks(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Issues a new secret for the current tenant, replacing the old one; it is shown this once. */
    @Transactional
    public String rotateSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.sql("""
                        insert into platform.earning_webhook_secret (tenant_id, secret, created_at) values (platform.current_tenant(), ?, ?)
                        on conflict (tenant_id) do update set secret = excluded.secret, created_at = excluded.created_at""")
                .params(secret, clock.instant().atOffset(ZoneOffset.UTC))
                .update();
        return secret;
    }

    /** Verifies a post for the current tenant; a 401 problem says what is wrong, and nothing is applied. */
    @Transactional(readOnly = true)
    public void verify(@Nullable String timestamp, @Nullable String signature, byte[] body) {
        Optional<String> secret = jdbc.sql("select secret from platform.earning_webhook_secret where tenant_id = platform.current_tenant()")
                .query(String.class).optional();
        if (secret.isEmpty()) {
            throw refused("this tenant has no webhook secret; a tenant admin issues one first");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp == null ? "" : timestamp.strip());
        } catch (NumberFormatException e) {
            throw refused("X-Jifen-Timestamp must be Unix seconds");
        }
        if (Duration.between(Instant.ofEpochSecond(seconds), clock.instant()).abs().compareTo(WINDOW) > 0) {
            throw refused("X-Jifen-Timestamp is outside the " + WINDOW.toMinutes() + "-minute window");
        }
        String expected = "sha256=" + sign(secret.get(), seconds, body);
        if (signature == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.strip().getBytes(StandardCharsets.US_ASCII))) {
            throw refused("X-Jifen-Signature does not match the body");
        }
    }

    /** The signature's hex digest: HMAC-SHA256 under the secret of the timestamp, a dot and the body. */
    static String sign(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DomainException refused(String detail) {
        return new DomainException(ProblemKind.UNAUTHENTICATED, "webhook-signature", "Webhook refused", detail, List.of());
    }
}
