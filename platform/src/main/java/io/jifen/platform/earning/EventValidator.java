package io.jifen.platform.earning;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.FieldProblem;
import io.jifen.platform.rules.EarningEvent;
import io.jifen.platform.rules.RuleSetValidator;

/** The shape an event must have before anything is looked up for it; every problem is named by its field. */
final class EventValidator {

    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    private EventValidator() {
    }

    static void validate(EarningEvent event, Instant now) {
        List<FieldProblem> problems = new ArrayList<>();
        if (event.eventId() == null || !EVENT_ID.matcher(event.eventId()).matches()) {
            problems.add(FieldProblem.of("eventId", "1 to 100 of letters, digits, '.', '_', ':', '-'"));
        }
        if (event.type() == null || !RuleSetValidator.knownType(event.type())) {
            problems.add(FieldProblem.of("type", "one of " + RuleSetValidator.EVENT_TYPES + " or custom.<name>"));
        }
        if ((event.memberId() == null) == (event.externalMemberId() == null)) {
            problems.add(FieldProblem.of("memberId", "name the member by memberId or by externalMemberId, one of them"));
        }
        boolean orderEvent = "ORDER_PAID".equals(event.type()) || "ORDER_REFUNDED".equals(event.type());
        if (orderEvent && (event.order() == null || event.order().orderId() == null || event.order().orderId().isBlank())) {
            problems.add(FieldProblem.of("order.orderId", "an order event needs its order"));
        }
        if ("ORDER_PAID".equals(event.type()) && event.order() != null && (event.order().amountFen() == null || event.order().amountFen() < 0)) {
            problems.add(FieldProblem.of("order.amountFen", "a paid order needs its amount, not negative"));
        }
        if (event.order() != null && event.order().items() != null && event.order().items().stream().anyMatch(i -> i == null || i.amountFen() < 0)) {
            problems.add(FieldProblem.of("order.items", "items need an amount, not negative"));
        }
        if (event.occurredAt() != null && event.occurredAt().isAfter(now.plusSeconds(300))) {
            problems.add(FieldProblem.of("occurredAt", "in the future"));
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid("The event has " + problems.size() + " problem(s)", problems);
        }
    }
}
