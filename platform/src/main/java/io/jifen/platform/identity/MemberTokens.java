package io.jifen.platform.identity;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Service;

/**
 * Issues and verifies the platform's own member access tokens (docs/architecture.md, "Identity"): a member who arrived
 * through a signed auto-login link gets one of these instead of a Keycloak session. Claims: {@code iss}
 * (jifen.member.tokens.issuer), {@code aud} jifen-mall, {@code sub} and {@code member_id} the member's id,
 * {@code tenant_id}, {@code azp} jifen-mall (the rate limits' caller is azp:sub, one bucket a member), the realm role
 * {@code member} under {@code realm_access.roles} as in Keycloak's tokens, {@code iat}, {@code exp}, {@code jti}.
 */
@Service
@EnableConfigurationProperties(MemberTokenProperties.class)
public class MemberTokens {

    public static final String MEMBER_CLAIM = "member_id";
    public static final String CLIENT = "jifen-mall";

    /** An access token for one member, and how many seconds it lives. */
    public record Issued(String accessToken, String tokenType, long expiresIn) {
    }

    private final MemberTokenProperties properties;
    private final Clock clock;
    private final Map<String, JwtDecoder> decoders = new HashMap<>();
    /** Tokens verified lately: a member's pages and calls send the same token again and again (its time limits are checked each time). */
    private final CachingJwtDecoder verified;

    MemberTokens(MemberTokenProperties properties, Clock clock, KeycloakProperties keycloak) {
        this.properties = properties;
        this.clock = clock;
        // The application's clock, which issued the token (the tests move it).
        var timestamps = new JwtTimestampValidator(keycloak.clockSkew());
        timestamps.setClock(clock);
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(List.of(
                timestamps,
                new JwtIssuerValidator(properties.issuer()),
                jwt -> jwt.getAudience() != null && jwt.getAudience().contains(properties.audience()) && jwt.getClaimAsString(MEMBER_CLAIM) != null
                        ? OAuth2TokenValidatorResult.success()
                        : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "not a member token for " + properties.audience(), null))));
        properties.keys().keySet().forEach(id -> {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(properties.key(id), "HmacSHA256"))
                    .macAlgorithm(MacAlgorithm.HS256).build();
            decoder.setJwtValidator(validator);
            // Our issuer is a name, not a URL: the default conversion would try (and fail, by an exception) on every token.
            decoder.setClaimSetConverter(MappedJwtClaimSetConverter.withDefaults(Map.of(JwtClaimNames.ISS, issuer -> issuer)));
            decoders.put(id, decoder);
        });
        this.verified = new CachingJwtDecoder(this::verify, timestamps, 20_000, Duration.ofMinutes(5));
    }

    /** The member a verified token (ours or Keycloak's) names in its {@code member_id} claim, if any. */
    public static @Nullable UUID memberId(Jwt jwt) {
        String claim = jwt.getClaimAsString(MEMBER_CLAIM);
        if (claim == null) {
            return null;
        }
        try {
            return UUID.fromString(claim);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The member of a request that only member tokens reach (the security configuration lets no other token into
     * {@code /api/v1/me/**}); this is its second line.
     */
    public static UUID requireMemberId(Jwt jwt) {
        return Objects.requireNonNull(memberId(jwt), "member token without member_id");
    }

    /** A token for the member of the tenant, signed with the current key. */
    public Issued issue(UUID tenantId, UUID memberId) {
        Instant now = clock.instant();
        Instant expires = now.plus(properties.lifetime());
        var claims = new JWTClaimsSet.Builder()
                .issuer(properties.issuer())
                .audience(properties.audience())
                .subject(memberId.toString())
                .claim(MEMBER_CLAIM, memberId.toString())
                .claim(TenantFromTokenFilter.TENANT_CLAIM, tenantId.toString())
                .claim("azp", CLIENT)
                .claim("realm_access", Map.of("roles", List.of(Roles.MEMBER)))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString())
                .build();
        var header = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(properties.currentKey()).type(JOSEObjectType.JWT).build();
        var jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(new MACSigner(properties.key(properties.currentKey())));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return new Issued(jwt.serialize(), "Bearer", properties.lifetime().toSeconds());
    }

    /** Whether a token (not yet verified) claims to be one of ours: its issuer is the member tokens' issuer. */
    boolean claimsToBeOurs(String token) {
        if (verified.knows(token)) {
            return true;
        }
        try {
            return properties.issuer().equals(JWTParser.parse(token).getJWTClaimsSet().getIssuer());
        } catch (ParseException e) {
            return false;
        }
    }

    /** Verifies a member token: a key we hold by its id, its signature, issuer, audience and time limits. */
    Jwt decode(String token) {
        return verified.decode(token);
    }

    private Jwt verify(String token) {
        String keyId;
        try {
            keyId = JWTParser.parse(token).getHeader() instanceof JWSHeader header ? header.getKeyID() : null;
        } catch (ParseException e) {
            throw new BadJwtException("malformed token", e);
        }
        JwtDecoder decoder = keyId == null ? null : decoders.get(keyId);
        if (decoder == null) {
            throw new BadJwtException("the member token's key is not one the platform holds");
        }
        return decoder.decode(token);
    }
}
