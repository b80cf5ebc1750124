package io.jifen.hub.internal.connector;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Where an order stands at the supplier.
 *
 * @param tracking what happened so far, oldest first
 * @param codes    the e-voucher codes issued (in clear: the connector decrypts the supplier's transport encryption;
 *                 the hub encrypts them with its own key before they are stored)
 * @param failure  the supplier's reason, when {@code stage} is FAILED or CANCELLED
 */
public record OrderStatus(Stage stage, List<Tracking> tracking, List<IssuedCode> codes, @Nullable String failure) {

    public enum Stage {
        /** Accepted but not confirmed (two-phase suppliers). */
        SUBMITTED,
        /** Confirmed; the supplier is working on it. */
        CONFIRMED,
        SHIPPED,
        /** Delivered to the member: goods received, codes issued, top-up credited. */
        DELIVERED,
        CANCELLED,
        /** The supplier could not fulfil it. */
        FAILED
    }

    public record Tracking(Instant at, String text) {
    }

    /** A card code with its password (null if the card has none) and last day of validity (null if unlimited). */
    public record IssuedCode(String code, @Nullable String password, @Nullable LocalDate expiresOn) {
    }

    public static OrderStatus of(Stage stage, List<Tracking> tracking) {
        return new OrderStatus(stage, tracking, List.of(), null);
    }
}
