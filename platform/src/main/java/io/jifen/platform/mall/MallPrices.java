package io.jifen.platform.mall;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.jifen.platform.ledger.PointType;

/**
 * A unit's price as the mall lists it, worked out by {@link Quotes} (never by arithmetic of its own): pure points at the
 * point type's value; points + the cash part; or a cash price with the most points the deduction rules let one unit
 * use and what they pay. Also the item's price fields as they travel with its search document.
 */
final class MallPrices {

    static final String PAYMENT = "payment";
    static final String PRICE_FEN = "priceFen";
    static final String CASH_FEN = "cashFen";
    static final String POINT_TYPE = "pointType";

    /**
     * {@code points} and {@code cashFen}: what one unit costs; for CASH_WITH_POINTS the cash price, of which at most
     * {@code deductiblePoints} points may pay {@code deductibleFen} (null otherwise).
     */
    record Shown(Quotes.Payment payment, long points, long cashFen, @Nullable Long deductiblePoints, @Nullable Long deductibleFen) {

        /** What the points filters and sorts go by: the points one unit costs, or may use. */
        long sortingPoints() {
            return deductiblePoints == null ? points : deductiblePoints;
        }
    }

    private MallPrices() {
    }

    static Shown shown(Quotes.Price price, PointType type, List<Quotes.DeductionRule> rules) {
        Quotes.Quote quote = Quotes.quote(price, 1, new Quotes.PointValue(type.anchorPoints(), type.anchorAmountMinor()), rules, null, null);
        return switch (price.payment()) {
            case POINTS, POINTS_AND_CASH -> new Shown(price.payment(), quote.points(), quote.cashFen(), null, null);
            case CASH_WITH_POINTS -> new Shown(price.payment(), 0, quote.orderFen(), quote.points(), quote.deductedFen());
        };
    }

    /** The price fields of an item's search document. */
    static Quotes.Price price(Map<String, String> attributes) {
        return new Quotes.Price(Quotes.Payment.valueOf(attributes.get(PAYMENT)), Long.parseLong(attributes.get(PRICE_FEN)),
                Long.parseLong(attributes.get(CASH_FEN)));
    }
}
