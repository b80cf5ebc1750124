package io.jifen.platform.me;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import io.jifen.platform.problem.DomainException;

/**
 * The fields of a signed auto-login link and how they are signed. The canonical string is the netstrings
 * ({@code <length in UTF-8 bytes>:<value>,}) of {@value #VERSION}, the tenant's slug, the member's external id, the
 * timestamp (Unix seconds, decimal), the nonce and the deep link (empty when there is none), in that order; the
 * signature is the lower-case hex HMAC-SHA256 of its UTF-8 bytes under the tenant's auto-login secret (its UTF-8
 * bytes). Each value carries its own length, so no value can move a boundary: {@code ("ab", "c")} and
 * {@code ("a", "bc")} sign differently. docs/architecture.md, "Identity", has a worked example.
 */
public record AutoLoginLink(String tenant, String member, String timestamp, String nonce, @Nullable String redirect, String signature) {

    static final String VERSION = "jifen-auto-login-v1";

    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\p{L}\\p{N}._:@-]{1,64}");
    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");
    private static final int MAX_REDIRECT = 512;

    public static String canonical(String tenant, String member, String timestamp, String nonce, @Nullable String redirect) {
        var out = new StringBuilder();
        for (String value : new String[] {VERSION, tenant, member, timestamp, nonce, redirect == null ? "" : redirect}) {
            out.append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value).append(',');
        }
        return out.toString();
    }

    public static String sign(String secret, String canonical) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String canonical() {
        return canonical(tenant, member, timestamp, nonce, redirect);
    }

    /** Whether the link's signature is the one the secret makes (compared in constant time). */
    boolean signedWith(String secret) {
        return MessageDigest.isEqual(sign(secret, canonical()).getBytes(StandardCharsets.US_ASCII),
                signature.strip().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    long seconds() {
        return Long.parseLong(timestamp);
    }

    /** The link's fields as they must look (a 400 naming the field otherwise), checked before anything is looked up. */
    void validateShape() {
        if (!EXTERNAL_ID.matcher(member).matches()) {
            throw DomainException.invalidField("member", "the member's external id: 1 to 64 letters, digits or . _ : @ -");
        }
        if (!TIMESTAMP.matcher(timestamp).matches()) {
            throw DomainException.invalidField("ts", "Unix seconds");
        }
        if (!NONCE.matcher(nonce).matches()) {
            throw DomainException.invalidField("nonce", "16 to 64 letters, digits, _ or -, new for every link");
        }
        if (redirect != null && !redirect.isEmpty() && !isRelativePath(redirect)) {
            throw DomainException.invalidField("redirect", "a path within the mall: starts with one '/', no scheme, host or backslash");
        }
    }

    /**
     * A deep link must stay inside the mall: a path starting with exactly one slash (so not {@code //evil.example},
     * which browsers read as another host), without backslashes (which some browsers read as slashes), whitespace or
     * control characters, that parses as a URI without scheme or host.
     */
    static boolean isRelativePath(String redirect) {
        if (redirect.length() > MAX_REDIRECT || !redirect.startsWith("/") || redirect.startsWith("//")) {
            return false;
        }
        for (int i = 0; i < redirect.length(); i++) {
            char c = redirect.charAt(i);
            if (c == '\\' || c <= ' ' || c == 0x7f || Character.isWhitespace(c) || Character.isISOControl(c)) {
                return false;
            }
        }
        try {
            URI uri = new URI(redirect);
            return uri.getScheme() == null && uri.getRawAuthority() == null && uri.getRawPath() != null && uri.getRawPath().startsWith("/");
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
