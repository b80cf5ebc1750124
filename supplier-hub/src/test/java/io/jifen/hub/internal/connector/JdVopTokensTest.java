package io.jifen.hub.internal.connector;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void callersThatFindTheSameTokenRefusedAtOnceCauseOneRefreshAndAllGetItsToken() throws InterruptedException {
        var json = JsonMapper.builder().build();
        var refreshes = new AtomicInteger();
        var signIns = new AtomicInteger();
        var refreshMayAnswer = new CountDownLatch(1);
        var tokens = new JdVopTokens(SETTINGS, (path, form) -> {
            if (path.equals("/oauth2/accessToken")) {
                return json.readTree("{\"success\":true,\"result\":{\"access_token\":\"a" + signIns.incrementAndGet()
                        + "\",\"refresh_token\":\"r\"}}");
            }
            refreshes.incrementAndGet();
            try {
                refreshMayAnswer.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return json.readTree("{\"success\":true,\"result\":{\"access_token\":\"renewed\",\"refresh_token\":\"r2\"}}");
        });
        var refused = tokens.current();
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            callers.add(Thread.ofVirtual().start(() -> tokens.renew(refused)));
        }

        // One caller is in the refresh call; the seven others wait for it (parked on the lock, their carriers free).
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> refreshes.get() == 1
                && callers.stream().filter(t -> t.getState() == Thread.State.WAITING).count() == 8);
        refreshMayAnswer.countDown();
        for (Thread caller : callers) {
            caller.join();
        }

        assertThat(refreshes).hasValue(1);
        assertThat(signIns).hasValue(1);
        assertThat(tokens.current().access()).isEqualTo("renewed");
    }
}
