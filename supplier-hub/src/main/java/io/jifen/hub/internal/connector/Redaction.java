package io.jifen.hub.internal.connector;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;

import io.jifen.hub.internal.digest.Digests;

/**
 * What of a supplier's payload may be logged or kept: everything but e-voucher codes. Codes are a member's money; they
 * are kept only encrypted under the hub's own key ({@code voucher_code}), never in logs, exceptions or the record of
 * notifications, not even in the supplier's transport encryption (whose key, our app secret, is in configuration).
 */
public final class Redaction {

    /** Fields that hold codes in the suppliers' payloads: the aggregator's encrypted {@code cards} and a card's own fields. */
    static final Set<String> CODE_FIELDS = Set.of("cards", "card_number", "card_pwd");
    /** What a code's value is replaced with. */
    public static final String REDACTED = "[redacted]";
    // A code field's string value in JSON text, also inside JSON that travels as a string (quotes escaped), up to its
    // closing quote: the value's characters are anything but a quote or a backslash, or an escape that is not a quote.
    private static final Pattern CODE_VALUE = Pattern.compile(
            "(\\\\*\"(?:" + String.join("|", CODE_FIELDS) + ")\\\\*\"\\s*:\\s*\\\\*\")(?:[^\"\\\\]|\\\\+[^\"\\\\])*");

    private Redaction() {
    }

    /** The payload with every code field's string value replaced, cut to 2,000 characters, for logs and exceptions. */
    public static String codesRedacted(String payload) {
        if (payload == null) {
            return null;
        }
        String redacted = CODE_VALUE.matcher(payload).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1) + REDACTED));
        return redacted.length() <= 2000 ? redacted : redacted.substring(0, 2000) + "…";
    }

    /** A body that does not read, so whose codes cannot be found: only its size and digest. */
    public static String unread(String body) {
        return body.getBytes(StandardCharsets.UTF_8).length + " bytes, sha256 " + Digests.sha256Hex(body);
    }
}
