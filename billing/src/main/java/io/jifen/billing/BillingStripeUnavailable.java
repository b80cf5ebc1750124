package io.jifen.billing;

/** Stripe could not be reached or refused a call of billing's; the caller tries again later (its keys make that safe). */
public class BillingStripeUnavailable extends RuntimeException {

    public BillingStripeUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
