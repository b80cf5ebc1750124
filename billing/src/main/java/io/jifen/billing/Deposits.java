package io.jifen.billing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The prepaid goods deposit (预付款): a tenant pays the operator in advance for supplier goods, and each hub order's goods
 * cost is charged from it as the order is placed. Optional per tenant. Every change of a balance is a movement,
 * idempotent by its key; the balance never goes below zero. Charges and releases run in the caller's transaction (a
 * charge rolled back with its order leaves nothing).
 */
public interface Deposits {

    /** A tenant's deposit: whether hub goods are paid from it, its balance and the balance under which an alert is raised. */
    record Account(UUID tenantId, boolean enabled, long balanceFen, long lowBalanceFen, Instant updatedAt) {
    }

    enum Kind { TOP_UP, CHARGE, RELEASE }

    /** A change of a balance: signed amount (a charge is negative), the balance after it, the order or the payment it is for. */
    record Movement(long id, UUID tenantId, String key, Kind kind, long amountFen, long balanceAfterFen, @Nullable String orderRef,
                    @Nullable String reference, @Nullable String actor, Instant at) {
    }

    /** A low-balance alert: the charge ({@code movementId}) that took the balance below the threshold. */
    record Alert(long id, UUID tenantId, long movementId, long balanceFen, long thresholdFen, Instant raisedAt) {
    }

    /**
     * What a charge did: CHARGED (now, or already under its key: {@code replayed}), NOT_ENABLED (the tenant pays hub
     * goods otherwise: nothing recorded) or INSUFFICIENT (the balance is short of the amount: nothing recorded).
     * {@code alert} is the low-balance alert this charge raised, if it crossed the threshold.
     */
    record Charge(Outcome outcome, boolean replayed, long balanceFen, long amountFen, @Nullable Alert alert) {

        public enum Outcome { CHARGED, NOT_ENABLED, INSUFFICIENT }
    }

    /** Turns the deposit on or off for the tenant and sets its low-balance threshold (creating the account, balance 0). */
    Account configure(UUID tenant, boolean enabled, long lowBalanceFen);

    Optional<Account> find(UUID tenant);

    /**
     * Adds a payment the operator received (a bank transfer, its {@code reference}), once per reference: the same
     * reference again answers the first top-up (with another amount it is a conflict). Creates a disabled account if the
     * tenant has none.
     */
    Movement topUp(UUID tenant, long amountFen, String reference, @Nullable String actor);

    /**
     * Charges an order's goods cost, once per order ({@code orderRef}), in the caller's transaction; the account's row
     * stays locked until it ends. A charge that would take the balance below zero records nothing.
     */
    Charge charge(UUID tenant, String orderRef, long amountFen);

    /**
     * Gives back goods cost of an order that never reached the supplier or that the supplier failed, once per
     * {@code key}, never more than the order was charged (less what was given back already); empty when nothing is due
     * (the order was not charged).
     */
    Optional<Movement> release(UUID tenant, String orderRef, String key, long amountFen);

    /** The tenant's movements, newest first, before the movement id {@code beforeId} (null: from the newest). */
    List<Movement> movements(UUID tenant, @Nullable Long beforeId, int limit);

    /** The tenant's low-balance alerts, newest first. */
    List<Alert> alerts(UUID tenant, int limit);
}
