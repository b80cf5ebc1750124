package io.jifen.hub.internal.connector;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SupplierHttpTest {

    private static final Duration FIRST = Duration.ofMillis(200);
    private static final Duration CAP = Duration.ofSeconds(10);

    @Test
    void backoffIsFullJitterUpToTheDoubledBackoffCappedAtItsMaximum() {
        var random = new Random(42);
        for (int attempt = 1; attempt <= 12; attempt++) {
            Duration ceiling = FIRST.multipliedBy(1L << (attempt - 1));
            Duration bound = ceiling.compareTo(CAP) > 0 ? CAP : ceiling;
            Set<Long> tenths = new HashSet<>();
            for (int draw = 0; draw < 500; draw++) {
                Duration wait = SupplierHttp.backoff(attempt, FIRST, CAP, random);
                assertThat(wait).isBetween(Duration.ZERO, bound);
                tenths.add(wait.toNanos() * 10 / (bound.toNanos() + 1));
            }
            assertThat(tenths).as("attempt %d: waits spread over the whole range", attempt).hasSize(10);
        }
    }

    @Test
    void backoffOfAnAbsurdAttemptNumberIsStillCapped() {
        assertThat(SupplierHttp.backoff(Integer.MAX_VALUE, FIRST, CAP, new Random(1))).isBetween(Duration.ZERO, CAP);
    }

    @Test
    void payloadsForLogsHaveTheirCodesRedactedAlsoInsideJsonCarriedAsText() {
        String answer = "{\"code\":0,\"result\":\"{\\\"order_id\\\":\\\"9\\\",\\\"cards\\\":\\\"c2VjcmV0LWNhcmRz+/=\\\"}\",\"cards\": \"b3RoZXI=\"}";

        String cut = SupplierHttp.cut(answer);

        assertThat(cut).doesNotContain("c2VjcmV0LWNhcmRz").doesNotContain("b3RoZXI=").contains("\\\"order_id\\\":\\\"9\\\"")
                .contains("\\\"cards\\\":\\\"[redacted]\\\"").contains("\"cards\": \"[redacted]\"");
    }
}
