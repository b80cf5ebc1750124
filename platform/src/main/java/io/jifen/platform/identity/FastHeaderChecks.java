package io.jifen.platform.identity;

import java.util.function.Predicate;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

/**
 * The two checks Spring Security runs over every request's {@code Authorization} header, written as loops instead of
 * regular expressions. A Keycloak access token is over a thousand characters; matching it with
 * {@code DefaultBearerTokenResolver}'s and {@code StrictHttpFirewall}'s patterns took about a third of the platform's
 * CPU per request (measured with JFR under the ledger benchmark). The rules are the same as theirs.
 */
final class FastHeaderChecks {

    private static final String BEARER = "Bearer ";

    private FastHeaderChecks() {
    }

    /**
     * Same rules as {@code DefaultBearerTokenResolver} with its defaults: the token only from the
     * {@code Authorization} header ({@code Bearer} in any case, one space, then RFC 6750's b64token:
     * {@code [A-Za-z0-9-._~+/]+=*}); a header that starts with "bearer" but is malformed is an invalid token; any
     * other header is no bearer token at all.
     */
    static final BearerTokenResolver BEARER_TOKEN = FastHeaderChecks::resolve;

    /** Same rule as {@code StrictHttpFirewall}'s default for header names and values: assigned, no control characters. */
    static final Predicate<String> ASSIGNED_NOT_CONTROL = FastHeaderChecks::assignedAndNotControl;

    static String resolve(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length() - 1)) {
            return null;
        }
        if (header.length() <= BEARER.length() || header.charAt(BEARER.length() - 1) != ' '
                || !isB64Token(header, BEARER.length())) {
            throw new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
        }
        return header.substring(BEARER.length());
    }

    private static boolean isB64Token(String s, int from) {
        int i = from;
        int end = s.length();
        while (i < end && isTokenChar(s.charAt(i))) {
            i++;
        }
        if (i == from) {
            return false;
        }
        while (i < end && s.charAt(i) == '=') {
            i++;
        }
        return i == end;
    }

    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }

    static boolean assignedAndNotControl(String s) {
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (c >= 0x20 && c < 0x7f) {
                i++;
                continue;
            }
            if (!Character.isDefined(c) || Character.isISOControl(c)) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }
}
