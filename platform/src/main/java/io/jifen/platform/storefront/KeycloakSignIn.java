package io.jifen.platform.storefront;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;

import io.jifen.crypto.Aad;
import io.jifen.crypto.FieldCipher;
import io.jifen.platform.identity.KeycloakProperties;
import io.jifen.platform.identity.MemberTokens;
import io.jifen.platform.member.MemberDirectory;
import io.jifen.platform.member.MemberStatus;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;

/**
 * Employees and dealers sign in to their tenant's mall through Keycloak: the authorization code flow with PKCE, the
 * platform as the OpenID Connect client ({@code jifen.storefront.oidc-client-id}), {@code scope=openid
 * organization:<slug>} so the login page wears the tenant's brand. The state, nonce and PKCE verifier travel in a
 * short-lived cookie sealed with the field cipher (no server session); the ID token is verified (issuer, audience,
 * signature, time, nonce); its {@code tenant_id} must be this mall's and its {@code member_id} a member of it. Then the
 * same member session as an auto-login link opens.
 */
@Controller
class KeycloakSignIn {

    private static final Logger log = LoggerFactory.getLogger(KeycloakSignIn.class);
    static final String COOKIE = "jifen_mall_sso";

    /** What the browser's round trip to Keycloak must bring back, sealed in its cookie. */
    private record Pending(String state, String nonce, String verifier, long expiresAt) {

        String text() {
            return state + "." + nonce + "." + verifier + "." + expiresAt;
        }

        static @Nullable Pending parse(String text) {
            String[] parts = text.split("\\.");
            if (parts.length != 4) {
                return null;
            }
            try {
                return new Pending(parts[0], parts[1], parts[2], Long.parseLong(parts[3]));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    private final KeycloakProperties keycloak;
    private final StorefrontProperties properties;
    private final FieldCipher cipher;
    private final MallSession sessions;
    private final MemberDirectory members;
    private final Clock clock;
    private final RestClient http = RestClient.create();
    private final SecureRandom random = new SecureRandom();
    private volatile @Nullable JwtDecoder idTokens;

    KeycloakSignIn(KeycloakProperties keycloak, StorefrontProperties properties, FieldCipher cipher, MallSession sessions, MemberDirectory members,
                   Clock clock) {
        this.keycloak = keycloak;
        this.properties = properties;
        this.cipher = cipher;
        this.sessions = sessions;
        this.members = members;
        this.clock = clock;
    }

    /** Sends the browser to Keycloak's login page of the tenant's Organization. */
    @GetMapping("/m/{slug}/sso")
    String start(@PathVariable String slug, HttpServletRequest request, HttpServletResponse response) {
        Brand brand = MallRequests.brand(request);
        var pending = new Pending(randomText(24), randomText(24), randomText(48), clock.instant().plus(properties.signInTimeout()).getEpochSecond());
        byte[] sealed = Objects.requireNonNull(cipher.sealText(pending.text(), aad(brand)));
        cookie(request, response, brand, Base64.getUrlEncoder().withoutPadding().encodeToString(sealed), properties.signInTimeout().toSeconds());
        String location = UriComponentsBuilder.fromUriString(keycloak.issuerUri() + "/protocol/openid-connect/auth")
                .queryParam("client_id", properties.oidcClientId())
                .queryParam("response_type", "code")
                .queryParam("scope", "openid organization:" + brand.slug())
                .queryParam("redirect_uri", callback(request, brand))
                .queryParam("state", pending.state())
                .queryParam("nonce", pending.nonce())
                .queryParam("code_challenge", challenge(pending.verifier()))
                .queryParam("code_challenge_method", "S256")
                .encode(StandardCharsets.UTF_8).build().toUriString();
        return "redirect:" + location;
    }

    /** Keycloak's answer: the code is exchanged (with the verifier) and the person's member opens a session in this mall. */
    @GetMapping("/m/{slug}/sso/callback")
    String callback(@PathVariable String slug, @RequestParam(required = false) @Nullable String code, @RequestParam(required = false) @Nullable String state,
                    @RequestParam(required = false) @Nullable String error, HttpServletRequest request, HttpServletResponse response, Model model) {
        Brand brand = MallRequests.brand(request);
        Pending pending = pending(request, brand);
        cookie(request, response, brand, "", 0);
        if (pending == null || state == null || code == null || error != null || pending.expiresAt() < clock.instant().getEpochSecond()
                || !MessageDigest.isEqual(pending.state().getBytes(StandardCharsets.US_ASCII), state.getBytes(StandardCharsets.US_ASCII))) {
            throw new DomainException(ProblemKind.UNAUTHENTICATED, "sign-in-failed", "Sign-in failed",
                    "The sign-in did not complete (expired, cancelled, or not started here)");
        }
        Jwt idToken = exchange(request, brand, code, pending);
        UUID member = MemberTokens.memberId(idToken);
        String tenant = idToken.getClaimAsString("tenant_id");
        if (!brand.tenantId().toString().equals(tenant)) {
            return refused(model, response, brand, "otherTenant");
        }
        if (member == null || !active(member)) {
            return refused(model, response, brand, "noMember");
        }
        sessions.open(request, response, brand, member);
        return "redirect:" + brand.root();
    }

    private boolean active(UUID member) {
        try {
            return members.get(member).status() == MemberStatus.ACTIVE;
        } catch (DomainException notOfThisTenant) {
            return false;
        }
    }

    private String refused(Model model, HttpServletResponse response, Brand brand, String why) {
        response.setStatus(HttpStatus.FORBIDDEN.value());
        model.addAttribute("brand", brand);
        model.addAttribute("signedIn", false);
        model.addAttribute(why, true);
        return "storefront/login";
    }

    private Jwt exchange(HttpServletRequest request, Brand brand, String code, Pending pending) {
        var form = new LinkedMultiValueMap<String, String>();
        form.add("grant_type", "authorization_code");
        form.add("code", code);
        form.add("redirect_uri", callback(request, brand));
        form.add("client_id", properties.oidcClientId());
        form.add("code_verifier", pending.verifier());
        JsonNode tokens;
        try {
            tokens = http.post().uri(keycloak.issuerUri() + "/protocol/openid-connect/token")
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED).body(form).retrieve().body(JsonNode.class);
        } catch (RestClientException e) {
            log.warn("Keycloak did not exchange the mall's sign-in code: {}", e.toString());
            throw new DomainException(ProblemKind.UNAUTHENTICATED, "sign-in-failed", "Sign-in failed", "The sign-in code was not accepted");
        }
        if (tokens == null || tokens.get("id_token") == null) {
            throw new DomainException(ProblemKind.UPSTREAM_FAILED, "sign-in-failed", "Sign-in failed", "Keycloak answered no ID token");
        }
        try {
            Jwt idToken = idTokens().decode(tokens.get("id_token").asString());
            if (!pending.nonce().equals(idToken.getClaimAsString("nonce"))) {
                throw new DomainException(ProblemKind.UNAUTHENTICATED, "sign-in-failed", "Sign-in failed", "The ID token is not this sign-in's");
            }
            return idToken;
        } catch (JwtException e) {
            log.warn("the mall's sign-in got an ID token that does not verify: {}", e.toString());
            throw new DomainException(ProblemKind.UNAUTHENTICATED, "sign-in-failed", "Sign-in failed", "The ID token does not verify");
        }
    }

    /** The realm's ID tokens for the mall's client: its keys, issuer, audience and time limits (on the application's clock). */
    private JwtDecoder idTokens() {
        JwtDecoder decoder = idTokens;
        if (decoder == null) {
            var built = NimbusJwtDecoder.withJwkSetUri(keycloak.issuerUri() + "/protocol/openid-connect/certs").build();
            var timestamps = new JwtTimestampValidator(keycloak.clockSkew());
            timestamps.setClock(clock);
            built.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(timestamps, new JwtIssuerValidator(keycloak.issuerUri()),
                    jwt -> jwt.getAudience() != null && jwt.getAudience().contains(properties.oidcClientId())
                            ? OAuth2TokenValidatorResult.success()
                            : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "not for " + properties.oidcClientId(), null)))));
            idTokens = built;
            decoder = built;
        }
        return decoder;
    }

    private @Nullable Pending pending(HttpServletRequest request, Brand brand) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (COOKIE.equals(cookie.getName()) && !cookie.getValue().isEmpty()) {
                try {
                    String text = cipher.openText(Base64.getUrlDecoder().decode(cookie.getValue()), aad(brand));
                    return text == null ? null : Pending.parse(text);
                } catch (RuntimeException tampered) {
                    return null;
                }
            }
        }
        return null;
    }

    private static void cookie(HttpServletRequest request, HttpServletResponse response, Brand brand, String value, long maxAgeSeconds) {
        response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(COOKIE, value).path(brand.root() + "sso").httpOnly(true)
                .secure(request.isSecure()).sameSite("Lax").maxAge(maxAgeSeconds).build().toString());
    }

    private static String callback(HttpServletRequest request, Brand brand) {
        return ServletUriComponentsBuilder.fromContextPath(request).replacePath(brand.root() + "sso/callback").replaceQuery(null).toUriString();
    }

    private static Aad aad(Brand brand) {
        return Aad.of("storefront.sso", brand.tenantId(), "pending");
    }

    private String randomText(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
