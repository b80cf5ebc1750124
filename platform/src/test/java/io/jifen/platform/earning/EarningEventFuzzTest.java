package io.jifen.platform.earning;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.code_intelligence.jazzer.junit.FuzzTest;
import tools.jackson.core.JacksonException;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.rules.EarningEvent;
import io.jifen.platform.support.ApiJson;

/**
 * Fuzzes an earning event's way in: whatever the body, it is read and validated, or refused as bad JSON (400) or by
 * the validator (a DomainException, 400), never another exception (a 500). Regression inputs:
 * {@code src/test/resources/io/jifen/platform/earning/EarningEventFuzzTestInputs/anyEventIsReadOrRefused/}.
 */
class EarningEventFuzzTest {

    // Built on first use, not when the class loads: Jazzer's agent attaches after that, and a record class it has to
    // re-instrument crashes the JVM (JDK 25, Jazzer 0.24).
    private static final class Limits {
        static final EarningLimits DEFAULT = new EarningLimits(10_000_000_000L, 100_000_000L, 500, 50, 100, 1_000);
    }

    private static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");

    @FuzzTest(maxDuration = "10s")
    void anyEventIsReadOrRefused(byte[] body) {
        EarningEvent event;
        try {
            event = ApiJson.MAPPER.readValue(new String(body, StandardCharsets.UTF_8), EarningEvent.class);
        } catch (JacksonException refused) {
            return;
        }
        if (event == null) {
            return;
        }
        try {
            EventValidator.validate(event, NOW, Limits.DEFAULT);
        } catch (DomainException refused) {
            // A 400 naming the field.
        }
    }
}
