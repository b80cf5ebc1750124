package io.jifen.platform.billing;

import java.util.function.Supplier;

import org.slf4j.LoggerFactory;

import io.jifen.billing.BillingRefused;
import io.jifen.billing.BillingStripeUnavailable;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;

/** Billing's refusals as the platform's problems (problem+json naming the field for bad input). */
final class BillingCalls {

    private BillingCalls() {
    }

    static <T> T call(Supplier<T> work) {
        try {
            return work.get();
        } catch (BillingRefused e) {
            throw switch (e.kind()) {
                case INVALID -> e.field() == null ? DomainException.invalid(e.getMessage(), java.util.List.of())
                        : DomainException.invalidField(e.field(), e.getMessage());
                case NOT_FOUND -> new DomainException(io.jifen.platform.problem.ProblemKind.NOT_FOUND, "not-found", "Not found", e.getMessage());
                case CONFLICT -> DomainException.conflict("billing-conflict", e.getMessage());
            };
        } catch (BillingStripeUnavailable e) {
            LoggerFactory.getLogger(BillingCalls.class).warn("{}", e.getMessage());
            throw new DomainException(ProblemKind.UNAVAILABLE, "payment-provider-unavailable", "Payment provider unavailable",
                    "The payment provider could not be reached; try again shortly");
        }
    }
}
