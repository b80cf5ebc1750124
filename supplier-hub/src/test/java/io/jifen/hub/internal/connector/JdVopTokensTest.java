package io.jifen.hub.internal.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * JD VOP's sign-in signature against a known answer, computed outside Java once:
 * {@code printf '%s' 'kZ7pQ2vX92026-11-23 12:00:00jifen-hubjifen_opsec5858520d3ef00dc774068ef9aa8f2daccess_tokenkZ7pQ2vX9' | openssl dgst -md5}.
 */
class JdVopTokensTest {

    private static final JdVopConnector.Settings SETTINGS = new JdVopConnector.Settings(URI.create("http://jd.invalid/"), "jifen-hub",
            "kZ7pQ2vX9", "jifen_ops", "S3cret!pass", URI.create("https://img.invalid/"), Duration.ofSeconds(1), 0, 1, Duration.ofMillis(1));

    @Test
    void theSignInFormSendsThePasswordsMd5AndSignsSecretTimestampClientUserPasswordGrantAndSecretWithUpperCaseMd5() {
        var form = JdVopTokens.signInForm(SETTINGS, "2026-11-23 12:00:00");

        assertThat(form).containsEntry("grant_type", "access_token")
                .containsEntry("client_id", "jifen-hub")
                .containsEntry("username", "jifen_ops")
                .containsEntry("timestamp", "2026-11-23 12:00:00")
                .containsEntry("password", "ec5858520d3ef00dc774068ef9aa8f2d")
                .containsEntry("sign", "8D11152495B7E6FB7BF96907E85B0753");
    }
}
