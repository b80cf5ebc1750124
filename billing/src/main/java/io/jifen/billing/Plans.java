package io.jifen.billing;

import java.util.List;
import java.util.Optional;

/** The operator's plans, versioned: publishing terms under a code adds that code's next version. */
public interface Plans {

    /** Adds the next version of the plan {@code terms.code()} (version 1 for a new code). */
    Plan publish(PlanTerms terms);

    /** The latest version of every plan, by code. */
    List<Plan> latest();

    /** Every version of the plan, oldest first; empty for an unknown code. */
    List<Plan> versions(String code);

    Optional<Plan> find(String code, int version);
}
