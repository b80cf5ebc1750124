package io.jifen.platform.storefront;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;

import io.jifen.platform.identity.MemberTokens;

/**
 * A member's web session in one tenant's mall, without server state (the platform runs as many replicas): an HttpOnly,
 * SameSite=Lax cookie scoped to {@code /m/<slug>/} (Secure when the request came over https) that carries a member token
 * ({@link MemberTokens}). It lives as long as the token (jifen.member.tokens.lifetime) and is renewed once half of that
 * has passed, so a member who keeps browsing stays in; logging out clears it.
 */
@Component
class MallSession {

    static final String COOKIE = "jifen_mall";

    private final JwtDecoder decoder;
    private final MemberTokens tokens;
    private final Clock clock;

    MallSession(JwtDecoder decoder, MemberTokens tokens, Clock clock) {
        this.decoder = decoder;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** The verified token of this mall's session, if the request carries one: the platform's member token for this tenant. */
    Optional<Jwt> current(HttpServletRequest request, Brand brand) {
        String value = cookie(request);
        if (value == null) {
            return Optional.empty();
        }
        Jwt jwt;
        try {
            jwt = decoder.decode(value);
        } catch (JwtException e) {
            return Optional.empty();
        }
        // Only the platform's own member tokens, of this tenant (a cookie copied into another tenant's path is nobody there).
        boolean ours = MemberTokens.CLIENT.equals(jwt.getClaimAsString("azp")) && jwt.getAudience() != null
                && jwt.getAudience().contains(MemberTokens.CLIENT) && MemberTokens.memberId(jwt) != null
                && brand.tenantId().toString().equals(jwt.getClaimAsString("tenant_id"));
        return ours ? Optional.of(jwt) : Optional.empty();
    }

    /** Renews the session when half its life has passed (a sliding session); answers the token in force. */
    Jwt renewIfOld(Jwt jwt, Brand brand, HttpServletRequest request, HttpServletResponse response) {
        Instant issued = jwt.getIssuedAt();
        Instant expires = jwt.getExpiresAt();
        if (issued == null || expires == null) {
            return jwt;
        }
        Duration life = Duration.between(issued, expires);
        if (clock.instant().isBefore(issued.plus(life.dividedBy(2)))) {
            return jwt;
        }
        UUID member = MemberTokens.requireMemberId(jwt);
        var issuedNow = tokens.issue(brand.tenantId(), member);
        write(request, response, brand, issuedNow.accessToken(), Duration.ofSeconds(issuedNow.expiresIn()));
        return decoder.decode(issuedNow.accessToken());
    }

    /** Opens a session for the member (after an auto-login link or a Keycloak sign-in). */
    void open(HttpServletRequest request, HttpServletResponse response, Brand brand, UUID member) {
        var issued = tokens.issue(brand.tenantId(), member);
        write(request, response, brand, issued.accessToken(), Duration.ofSeconds(issued.expiresIn()));
    }

    void clear(HttpServletRequest request, HttpServletResponse response, Brand brand) {
        write(request, response, brand, "", Duration.ZERO);
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, Brand brand, String value, Duration maxAge) {
        ResponseCookie cookie = ResponseCookie.from(COOKIE, value)
                .path(brand.root())
                .httpOnly(true)
                .secure(request.isSecure())
                .sameSite("Lax")
                .maxAge(maxAge)
                .build();
        response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
    }

    private static @Nullable String cookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (COOKIE.equals(cookie.getName()) && !cookie.getValue().isEmpty()) {
                return cookie.getValue();
            }
        }
        return null;
    }
}
