package io.jifen.platform.storefront;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/** How the pages write points, money (fen as yuan, exactly) and times (in the tenant's time zone). */
public final class Formats {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final ZoneId zone;

    Formats(String timeZone) {
        this.zone = ZoneId.of(timeZone);
    }

    public String points(long points) {
        return String.format(Locale.ROOT, "%,d", points);
    }

    /** Fen as yuan with two decimals, by integer arithmetic. */
    public String yuan(long fen) {
        String sign = fen < 0 ? "-" : "";
        long abs = Math.abs(fen);
        return sign + String.format(Locale.ROOT, "%,d.%02d", abs / 100, abs % 100);
    }

    public String date(@Nullable Instant at) {
        return at == null ? "" : DATE.format(at.atZone(zone));
    }

    public String date(@Nullable LocalDate day) {
        return day == null ? "" : DATE.format(day);
    }

    public String dateTime(@Nullable Instant at) {
        return at == null ? "" : DATE_TIME.format(at.atZone(zone));
    }

    /** A quote line's arguments as the array a message's placeholders take ({0}, {1}, ...). */
    public Object[] args(java.util.List<String> args) {
        return args.toArray();
    }

    /** A category facet's id from its key ("9987:手机通讯" is 9987; a key without a name is its own id). */
    public String facetId(String key) {
        int colon = key.indexOf(':');
        return colon < 0 ? key : key.substring(0, colon);
    }

    /** A category facet's name from its key ("9987:手机通讯" is 手机通讯). */
    public String facetName(String key) {
        int colon = key.indexOf(':');
        return colon < 0 || colon == key.length() - 1 ? key : key.substring(colon + 1);
    }

    public boolean before(@Nullable Instant at, Instant limit) {
        return at != null && at.isBefore(limit);
    }
}
