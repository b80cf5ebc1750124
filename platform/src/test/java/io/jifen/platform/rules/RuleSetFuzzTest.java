package io.jifen.platform.rules;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import tools.jackson.core.JacksonException;

import io.jifen.platform.support.ApiJson;

/**
 * Fuzzes what a tenant can write into its programme: a rule set is read and validated, or refused, never an
 * unexpected exception; a set the validator passes prices an order without failing; a CEL condition compiles or is
 * refused with a reason, and one that compiles evaluates to true or false.
 */
class RuleSetFuzzTest {

    private static final ZonedDateTime AT = ZonedDateTime.of(2026, 11, 30, 10, 0, 0, 0, ZoneId.of("Asia/Shanghai"));
    // Built on first use, not when the class loads: Jazzer's agent attaches after that, and a record class it has to
    // re-instrument crashes the JVM (JDK 25, Jazzer 0.24).
    private static final class Sample {
        static final EarningEvent ORDER = ApiJson.MAPPER.readValue("""
                {"eventId": "e-1", "type": "ORDER_PAID", "memberId": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                 "order": {"orderId": "o-1", "amountFen": 52000, "store": "s-1", "region": "310000", "channel": "MINI_PROGRAM",
                   "items": [{"sku": "MILK-1", "category": "milk", "amountFen": 32000}, {"sku": "T-1", "category": "toys", "amountFen": 20000}]},
                 "attributes": {"campaign": "double-11"}}""", EarningEvent.class);
    }

    @FuzzTest(maxDuration = "10s")
    void anyRuleSetIsValidatedOrRefused(byte[] body) {
        RuleSet set;
        try {
            set = ApiJson.MAPPER.readValue(new String(body, StandardCharsets.UTF_8), RuleSet.class);
        } catch (JacksonException refused) {
            return;
        }
        if (set == null || !RuleSetValidator.problems(set).isEmpty()) {
            return;
        }
        try {
            RuleEngine.evaluate(set, Sample.ORDER, AT, new RuleEngine.MemberFacts("CONSUMER", null, true, 0, 0, 0, 0, null, null, Map.of(), false));
        } catch (ArithmeticException overflow) {
            // Answered 400 by the pricing (more points than a long holds).
        }
    }

    @FuzzTest(maxDuration = "10s")
    void anyExpressionCompilesOrIsRefused(FuzzedDataProvider data) {
        String expression = data.consumeRemainingAsString();
        if (Expressions.problem(expression) == null) {
            Expressions.holds(expression, Map.of(
                    "event", Map.of("type", "ORDER_PAID", "amountFen", 52000L, "categories", List.of("milk", "toys"),
                            "skus", List.of("MILK-1", "T-1"), "attributes", Map.of("campaign", "double-11")),
                    "member", Map.of("audience", "CONSUMER", "tier", "gold", "firstOrder", true),
                    "day", 30L, "weekday", 1L, "hour", 10L));
        }
    }
}
