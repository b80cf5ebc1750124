package io.jifen.platform.earning;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.jifen.crypto.Algorithm;
import io.jifen.crypto.FieldCipher;
import io.jifen.crypto.KeyRing;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The earning webhooks' signature, {@code sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>}, against answers
 * computed outside Java (both {@code printf '%s' "$TS.$BODY" | openssl dgst -sha256 -hmac "$SECRET"} and Python's
 * {@code hmac.new(secret, ts + b"." + body, hashlib.sha256).hexdigest()} give them), and what verifying refuses.
 */
class EarningWebhookSignatureTest {

    static final String SECRET = "whsec_Jifen-test-vector-1";
    /** 2026-01-01T00:00:00Z. */
    static final long TIMESTAMP = 1_767_225_600L;
    static final byte[] BODY = """
            {"events": [{"eventId": "hook-1", "type": "CHECK_IN", "memberId": "0b7c1f0e-8f4e-4a43-9d2c-5a1d3b2c4e6f"}]}"""
            .getBytes(StandardCharsets.UTF_8);
    static final String SIGNATURE = "sha256=4d35e69e8c4040462526b0300ec11789cbcbfa4fa7d95bf8735304735344aa51";
    /** Seals the unknown tenant's stand-in secret; the lookup below answers the secret already opened. */
    static final FieldCipher CIPHER = new FieldCipher(new KeyRing(Algorithm.SM4_GCM, "test", Map.of("test", new byte[16])));

    @Test
    void theSignatureIsTheHexHmacSha256OfTheTimestampADotAndTheBody() {
        assertThat(EarningWebhooks.sign(SECRET, TIMESTAMP, BODY)).isEqualTo("4d35e69e8c4040462526b0300ec11789cbcbfa4fa7d95bf8735304735344aa51");
    }

    @Test
    void theBodyIsSignedAsItsUtf8Bytes() {
        byte[] chinese = """
                {"events": [{"eventId": "签到-1", "type": "CHECK_IN", "externalMemberId": "会员-42"}]}""".getBytes(StandardCharsets.UTF_8);

        assertThat(EarningWebhooks.sign(SECRET, TIMESTAMP, chinese)).isEqualTo("1628b7d42a619d744d3c1222adefe960a9b3fb6b2f4313bcb0b5a2600a2d78d5");
    }

    @Test
    void anEmptyBodyIsSignedAsTheTimestampAndADot() {
        assertThat(EarningWebhooks.sign(SECRET, 0, new byte[0])).isEqualTo("b1a1bff53acb9d6dfc4d686e61d2d4a25699ed25a68a524c06d98d5b92104e5c");
    }

    @Test
    void aPostSignedWithTheTenantsSecretWithinFiveMinutesEitherWayIsAccepted() {
        for (long skew : new long[] {0, 300, -300}) {
            assertThatCode(() -> webhooksAt(TIMESTAMP + skew).verify(String.valueOf(TIMESTAMP), SIGNATURE, BODY)).as("%+d s", skew)
                    .doesNotThrowAnyException();
        }
        assertThatCode(() -> webhooksAt(TIMESTAMP).verify(" " + TIMESTAMP + " ", " " + SIGNATURE + " ", BODY)).as("surrounding blanks")
                .doesNotThrowAnyException();
    }

    @Test
    void aStaleOrFutureTimestampIsRefused() {
        assertRefused(() -> webhooksAt(TIMESTAMP + 301).verify(String.valueOf(TIMESTAMP), SIGNATURE, BODY), "outside the 5-minute window");
        assertRefused(() -> webhooksAt(TIMESTAMP - 301).verify(String.valueOf(TIMESTAMP), SIGNATURE, BODY), "outside the 5-minute window");
        assertRefused(() -> webhooksAt(TIMESTAMP).verify(String.valueOf(TIMESTAMP * 1_000), SIGNATURE, BODY), "outside the 5-minute window");
    }

    @Test
    void aTimestampThatIsNotUnixSecondsIsRefused() {
        assertRefused(() -> webhooksAt(TIMESTAMP).verify("2026-01-01T00:00:00Z", SIGNATURE, BODY), "must be Unix seconds");
        assertRefused(() -> webhooksAt(TIMESTAMP).verify(null, SIGNATURE, BODY), "must be Unix seconds");
    }

    @Test
    void aWrongSignatureIsRefused() {
        var webhooks = webhooksAt(TIMESTAMP);
        byte[] otherBody = new String(BODY, StandardCharsets.UTF_8).replace("hook-1", "hook-2").getBytes(StandardCharsets.UTF_8);

        assertRefused(() -> webhooks.verify(String.valueOf(TIMESTAMP), SIGNATURE, otherBody), "does not verify");
        assertRefused(() -> webhooks.verify(String.valueOf(TIMESTAMP + 1), SIGNATURE, BODY), "does not verify");
        assertRefused(() -> webhooks.verify(String.valueOf(TIMESTAMP), "sha256=" + EarningWebhooks.sign("whsec_another", TIMESTAMP, BODY), BODY),
                "does not verify");
        assertRefused(() -> webhooks.verify(String.valueOf(TIMESTAMP), SIGNATURE.substring("sha256=".length()), BODY), "does not verify");
        assertRefused(() -> webhooks.verify(String.valueOf(TIMESTAMP), SIGNATURE.toUpperCase().replace("SHA256=", "sha256="), BODY),
                "does not verify");
        assertRefused(() -> webhooks.verify(String.valueOf(TIMESTAMP), null, BODY), "does not verify");
    }

    @Test
    void aTenantWithoutASecretIsRefusedAsAWrongSignatureIs() {
        var webhooks = new EarningWebhooks(secretLookup(null), CIPHER, Clock.fixed(Instant.ofEpochSecond(TIMESTAMP), ZoneOffset.UTC));

        assertRefused(() -> webhooks.verify(String.valueOf(TIMESTAMP), SIGNATURE, BODY), "does not verify");
    }

    static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable verifying, String why) {
        assertThatThrownBy(verifying).isInstanceOfSatisfying(DomainException.class, refused -> {
            assertThat(refused.kind()).isEqualTo(ProblemKind.UNAUTHENTICATED);
            assertThat(refused.type()).isEqualTo("webhook-signature");
            assertThat(refused.getMessage()).contains(why);
        });
    }

    static EarningWebhooks webhooksAt(long epochSecond) {
        return new EarningWebhooks(secretLookup(SECRET), CIPHER, Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
    }

    /**
     * A JdbcClient whose every query answers {@code secret} (or nothing): verifying reads the tenant's secret with one
     * {@code sql(..).query(..).optional()}. A proxy rather than a database: the logic here is the window and the
     * comparison.
     */
    static JdbcClient secretLookup(String secret) {
        return (JdbcClient) answering(JdbcClient.class, secret);
    }

    private static Object answering(Class<?> type, String secret) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getReturnType() == Optional.class) {
                return Optional.ofNullable(secret);
            }
            if (method.getReturnType().isInterface() && method.getReturnType().getPackageName().equals(JdbcClient.class.getPackageName())) {
                return answering(method.getReturnType(), secret);
            }
            throw new UnsupportedOperationException(method.toString());
        });
    }
}
