package io.jifen.platform.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The bounds on what one CEL condition may cost. */
class ExpressionsTest {

    @Test
    void aMacroInsideAnotherIsRefusedWhenTheRuleSetIsSaved() {
        assertThat(Expressions.problem("event.categories.all(a, event.categories.exists(b, a == b))"))
                .contains("may not be used inside another");
        assertThat(Expressions.problem("event.categories.exists(c, c == 'milk') && event.skus.all(s, s != 'x')")).isNull();
    }

    @Test
    void deeplyNestedExpressionsAreRefused() {
        String deep = "(".repeat(60) + "true" + ")".repeat(60);
        assertThat(Expressions.problem(deep)).isNotNull();
        assertThat(Expressions.problem("(".repeat(5) + "true" + ")".repeat(5))).isNull();
    }

    @Test
    void aMacroStopsAfterItsIterationLimitAndTheConditionDoesNotHold() {
        String lastIsMilk = "event.categories.exists(c, c == 'milk')";
        assertThat(Expressions.holds(lastIsMilk, variables(Expressions.MAX_ITERATIONS))).isTrue();
        assertThat(Expressions.holds(lastIsMilk, variables(Expressions.MAX_ITERATIONS + 1))).isFalse();
    }

    private static Map<String, Object> variables(int categories) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i < categories; i++) {
            names.add("c" + i);
        }
        names.add("milk");
        return Map.of("event", Map.of("categories", names), "member", Map.of(), "day", 1L, "weekday", 1L, "hour", 1L);
    }
}
