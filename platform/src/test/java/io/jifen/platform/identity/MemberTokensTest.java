package io.jifen.platform.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Member tokens verified once are remembered, but never past their time limits, and a token changed in any byte is verified anew. */
class MemberTokensTest {

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-12-01T08:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovableClock clock = new MovableClock();
    private final MemberTokens tokens = new MemberTokens(
            new MemberTokenProperties("jifen-platform/members", "jifen-mall", Duration.ofMinutes(15), "blue",
                    Map.of("blue", Base64.getEncoder().encodeToString(new byte[32]))),
            clock, new KeycloakProperties("http://keycloak", "jifen", "admin", "secret", "jifen-platform", Duration.ofSeconds(30)));

    @Test
    void aRememberedTokenIsStillRefusedOnceExpired() {
        UUID member = UUID.randomUUID();
        String token = tokens.issue(UUID.randomUUID(), member).accessToken();

        assertThat(MemberTokens.memberId(tokens.decode(token))).isEqualTo(member);
        assertThat(tokens.claimsToBeOurs(token)).isTrue();
        assertThat(MemberTokens.memberId(tokens.decode(token))).as("remembered").isEqualTo(member);

        clock.now = clock.now.plus(Duration.ofMinutes(16));
        assertThatThrownBy(() -> tokens.decode(token)).isInstanceOf(JwtException.class);
    }

    @Test
    void aTokenWithAnotherSignatureIsRefusedWhileTheGenuineOneIsRemembered() {
        String token = tokens.issue(UUID.randomUUID(), UUID.randomUUID()).accessToken();
        tokens.decode(token);
        String signature = token.substring(token.lastIndexOf('.') + 1);
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + (signature.startsWith("A") ? "B" : "A") + signature.substring(1);

        assertThat(tokens.claimsToBeOurs(forged)).as("by its issuer").isTrue();
        assertThatThrownBy(() -> tokens.decode(forged)).isInstanceOf(JwtException.class);
    }
}
