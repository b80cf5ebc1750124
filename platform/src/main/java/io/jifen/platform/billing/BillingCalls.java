package io.jifen.platform.billing;

import java.util.function.Supplier;

import io.jifen.billing.BillingRefused;
import io.jifen.platform.problem.DomainException;

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
        }
    }
}
