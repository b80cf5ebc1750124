package io.jifen.billing;

import org.jspecify.annotations.Nullable;

/** Billing refuses a request: bad input (naming the field), an unknown plan, subscription or invoice, or a conflict. */
public class BillingRefused extends RuntimeException {

    public enum Kind { INVALID, NOT_FOUND, CONFLICT }

    private final Kind kind;
    private final @Nullable String field;

    public BillingRefused(Kind kind, @Nullable String field, String message) {
        super(message);
        this.kind = kind;
        this.field = field;
    }

    public static BillingRefused invalid(String field, String message) {
        return new BillingRefused(Kind.INVALID, field, message);
    }

    public static BillingRefused notFound(String what) {
        return new BillingRefused(Kind.NOT_FOUND, null, what + " was not found");
    }

    public static BillingRefused conflict(String message) {
        return new BillingRefused(Kind.CONFLICT, null, message);
    }

    public Kind kind() {
        return kind;
    }

    /** The request field at fault, for INVALID. */
    public @Nullable String field() {
        return field;
    }
}
