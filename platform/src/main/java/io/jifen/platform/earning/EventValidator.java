package io.jifen.platform.earning;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.FieldProblem;
import io.jifen.platform.rules.EarningEvent;
import io.jifen.platform.rules.RuleSetValidator;
import io.jifen.platform.web.Texts;

/**
 * The shape an event must have before anything is looked up for it, within {@link EarningLimits}; every problem is
 * named by its field.
 */
final class EventValidator {

    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    private EventValidator() {
    }

    static void validate(EarningEvent event, Instant now, EarningLimits limits) {
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
        bounded(problems, limits, event);
        if (event.occurredAt() != null && event.occurredAt().isAfter(now.plusSeconds(300))) {
            problems.add(FieldProblem.of("occurredAt", "in the future"));
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid("The event has " + problems.size() + " problem(s)", problems);
        }
    }

    /** Amounts, counts and texts within the limits; texts without control characters or broken UTF-16. */
    private static void bounded(List<FieldProblem> problems, EarningLimits limits, EarningEvent event) {
        text(problems, limits.maxTextLength(), "externalMemberId", event.externalMemberId());
        var order = event.order();
        if (order != null) {
            text(problems, limits.maxTextLength(), "order.orderId", order.orderId());
            text(problems, limits.maxTextLength(), "order.store", order.store());
            text(problems, limits.maxTextLength(), "order.region", order.region());
            text(problems, limits.maxTextLength(), "order.channel", order.channel());
            amount(problems, limits, "order.amountFen", order.amountFen());
            amount(problems, limits, "order.refundFen", order.refundFen());
            if (order.items() != null) {
                if (order.items().size() > limits.maxItems()) {
                    problems.add(FieldProblem.of("order.items", "at most " + limits.maxItems() + " items"));
                } else {
                    for (int i = 0; i < order.items().size(); i++) {
                        var item = order.items().get(i);
                        if (item == null) {
                            continue;
                        }
                        text(problems, limits.maxTextLength(), "order.items[" + i + "].sku", item.sku());
                        text(problems, limits.maxTextLength(), "order.items[" + i + "].category", item.category());
                        amount(problems, limits, "order.items[" + i + "].amountFen", item.amountFen());
                        if (item.quantity() != null && (item.quantity() < 0 || item.quantity() > 1_000_000)) {
                            problems.add(FieldProblem.of("order.items[" + i + "].quantity", "0 to 1,000,000"));
                        }
                    }
                }
            }
        }
        if (event.attributes() != null) {
            if (event.attributes().size() > limits.maxAttributes()) {
                problems.add(FieldProblem.of("attributes", "at most " + limits.maxAttributes() + " attributes"));
            } else {
                event.attributes().forEach((name, value) -> {
                    text(problems, limits.maxTextLength(), "attributes", name);
                    text(problems, limits.maxValueLength(), "attributes." + name, value);
                });
            }
        }
    }

    private static void amount(List<FieldProblem> problems, EarningLimits limits, String field, @Nullable Long fen) {
        if (fen != null && fen > limits.maxAmountFen()) {
            problems.add(FieldProblem.of(field, "at most " + limits.maxAmountFen() + " fen"));
        }
    }

    private static void text(List<FieldProblem> problems, int maxLength, String field, @Nullable String text) {
        if (text == null) {
            return;
        }
        if (text.length() > maxLength) {
            problems.add(FieldProblem.of(field, "at most " + maxLength + " characters"));
        } else if (!Texts.clean(text)) {
            problems.add(FieldProblem.of(field, "control characters or broken Unicode (a lone surrogate) are not allowed"));
        }
    }
}
