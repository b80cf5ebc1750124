package io.jifen.platform.identity;

import java.time.Duration;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Remembers tokens it has verified, so that a client sending the same access token on every call pays for the
 * signature check and the parsing once. A token is the same bytes every time, so its signature, issuer and audience
 * stay verified; its time limits are checked again on every use, so an expired token is refused even when cached.
 * Tokens that fail are never cached.
 */
final class CachingJwtDecoder implements JwtDecoder {

    private final JwtDecoder verifying;
    private final OAuth2TokenValidator<Jwt> timestamps;
    private final Cache<String, Jwt> verified;

    CachingJwtDecoder(JwtDecoder verifying, OAuth2TokenValidator<Jwt> timestamps, int maximumTokens, Duration keepFor) {
        this.verifying = verifying;
        this.timestamps = timestamps;
        this.verified = Caffeine.newBuilder().maximumSize(maximumTokens).expireAfterWrite(keepFor).build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt jwt = verified.getIfPresent(token);
        if (jwt == null) {
            jwt = verifying.decode(token);
            verified.put(token, jwt);
            return jwt;
        }
        OAuth2TokenValidatorResult result = timestamps.validate(jwt);
        if (result.hasErrors()) {
            verified.invalidate(token);
            throw new JwtValidationException("An error occurred while attempting to decode the Jwt: expired", result.getErrors());
        }
        return jwt;
    }

    /** Whether the token is one this decoder verified lately (its time limits not checked). */
    boolean knows(String token) {
        return verified.getIfPresent(token) != null;
    }
}
