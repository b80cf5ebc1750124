package io.jifen.platform.identity;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import tools.jackson.databind.json.JsonMapper;

import io.jifen.platform.tenancy.TenantRegistry;
import io.jifen.platform.web.ProblemResponses;
import io.jifen.platform.web.ProblemType;

/**
 * The platform is an OAuth2 resource server of the Keycloak realm: tokens must come from its issuer, name the
 * platform as audience and be unexpired. Roles come from the realm roles, the tenant from the {@code tenant_id} claim.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain api(HttpSecurity http, JsonMapper json, TenantRegistry tenants, ObjectProvider<PublicEndpoints> publicEndpoints)
            throws Exception {
        var tenantStaff = tenantRole(Roles.TENANT_ADMIN, Roles.TENANT_STAFF);
        var tenantAdmin = tenantRole(Roles.TENANT_ADMIN);
        var member = memberOfTenant();
        AuthenticationEntryPoint unauthenticated = (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Bearer");
            ProblemResponses.write(json, response, HttpStatus.UNAUTHORIZED, ProblemType.UNAUTHENTICATED,
                    "A valid bearer token from the Jifen realm is required");
        };
        AccessDeniedHandler denied = (request, response, e) -> ProblemResponses.write(json, response, HttpStatus.FORBIDDEN,
                ProblemType.FORBIDDEN, "Your role does not allow this request");
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> {
                    // Other modules' endpoints whose callers sign their requests (suppliers' notifications).
                    publicEndpoints.orderedStream().flatMap(endpoints -> endpoints.endpoints().stream())
                            .forEach(endpoint -> requests.requestMatchers(endpoint.method(), endpoint.pattern()).permitAll());
                    requests
                            .requestMatchers(HttpMethod.POST, "/api/v1/signups").permitAll()
                            // A signed auto-login link (HMAC with the tenant's auto-login secret), verified by the module me.
                            .requestMatchers(HttpMethod.POST, "/api/v1/auto-login").permitAll()
                            // Members only, with the member id their token names; nobody else's data is reachable there.
                            .requestMatchers("/api/v1/me", "/api/v1/me/**").access(member)
                            // Signed with the tenant's webhook secret (HMAC), verified by the earning module.
                            .requestMatchers(HttpMethod.POST, "/api/v1/webhooks/*/events").permitAll()
                            // The probes on the API port; the actuator itself listens on the management port only (application.yml).
                            .requestMatchers(HttpMethod.GET, "/livez", "/readyz").permitAll()
                            .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/info", "/actuator/prometheus").permitAll()
                            .requestMatchers("/v3/api-docs/**", "/v3/api-docs", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                            .requestMatchers("/error").permitAll()
                            .requestMatchers("/api/v1/operator/**").hasRole(Roles.PLATFORM_OPERATOR)
                            // The audit log (module audit): a tenant admin reads the tenant's, the operator the platform's own.
                            .requestMatchers(HttpMethod.GET, "/api/v1/audit-events")
                                    .access(AuthorizationManagers.anyOf(tenantAdmin, AuthorityAuthorizationManager.hasRole(Roles.PLATFORM_OPERATOR)))
                            .requestMatchers("/api/v1/api-clients/**", "/api/v1/api-clients").access(tenantAdmin)
                            // The tenant's plan and invoices (billing): its admins only.
                            .requestMatchers("/api/v1/tenant/billing/**").access(tenantAdmin)
                            .requestMatchers("/api/v1/members/*/login", "/api/v1/identity-providers", "/api/v1/identity-providers/**").access(tenantAdmin)
                            .requestMatchers("/api/v1/tenant/admins", "/api/v1/tenant/admins/**", "/api/v1/tenant/template", "/api/v1/tenant/onboarding").access(tenantAdmin)
                            .requestMatchers("/api/v1/tenant/notification-webhook", "/api/v1/tenant/notification-webhook/**").access(tenantAdmin)
                            .requestMatchers(HttpMethod.PATCH, "/api/v1/tenant", "/api/v1/point-types/**").access(tenantAdmin)
                            .requestMatchers(HttpMethod.POST, "/api/v1/earning/rule-versions", "/api/v1/earning/rule-versions/**").access(tenantAdmin)
                            .requestMatchers(HttpMethod.PUT, "/api/v1/earning/rule-versions/**", "/api/v1/members/*/tier-floor").access(tenantAdmin)
                            .requestMatchers("/api/v1/earning/webhook-secret", "/api/v1/auto-login/**").access(tenantAdmin)
                            .requestMatchers(HttpMethod.POST, "/api/v1/earning/budgets", "/api/v1/earning/budgets/**", "/api/v1/earning/dealer-targets")
                                    .access(tenantAdmin)
                            .requestMatchers(HttpMethod.DELETE, "/api/v1/earning/budgets/**").access(tenantAdmin)
                            .requestMatchers(HttpMethod.POST, "/api/v1/orders/*/refunds", "/api/v1/orders/*/cancellation").access(tenantAdmin)
                            .requestMatchers("/api/v1/redemption/reconciliation").access(tenantAdmin)
                            .requestMatchers(HttpMethod.POST, "/api/v1/mall/flash-sales").access(tenantAdmin)
                            .requestMatchers(HttpMethod.PUT, "/api/v1/catalog/selections/**").access(tenantAdmin)
                            .requestMatchers(HttpMethod.DELETE, "/api/v1/catalog/selections/**").access(tenantAdmin)
                            // The mall's zones and items' unlock requirements: admins write, staff (and the back end) read.
                            .requestMatchers(HttpMethod.POST, "/api/v1/mall/zones", "/api/v1/mall/zones/**").access(tenantAdmin)
                            .requestMatchers(HttpMethod.PUT, "/api/v1/mall/zones/**", "/api/v1/mall/item-unlocks").access(tenantAdmin)
                            .requestMatchers(HttpMethod.DELETE, "/api/v1/mall/zones/**", "/api/v1/mall/item-unlocks").access(tenantAdmin)
                            .requestMatchers("/api/v1/members/*/points/adjustments", "/api/v1/points/reconciliation", "/api/v1/points/reconciliation/**")
                                    .access(tenantAdmin)
                            // The mall's items, their stock and codes, and the deduction rules: admins write, staff read (and verify pickups).
                            .requestMatchers(HttpMethod.POST, "/api/v1/mall/items", "/api/v1/mall/items/**").access(tenantAdmin)
                            .requestMatchers(HttpMethod.PUT, "/api/v1/mall/items/**", "/api/v1/mall/deduction-rules").access(tenantAdmin)
                            .requestMatchers("/api/v1/**").access(tenantStaff)
                            .anyRequest().denyAll();
                })
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .bearerTokenResolver(FastHeaderChecks.BEARER_TOKEN)
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(realmRoles()))
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(denied))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(denied))
                .addFilterAfter(new TenantFromTokenFilter(tenants, json), BearerTokenAuthenticationFilter.class);
        return http.build();
    }

    /**
     * No observations of the security filters, authentications and authorizations: wrapping every filter of every
     * request in an observation cost more than the rest of a balance read (turning the observations off by property
     * still wrapped the filters). The HTTP server observation ({@code http.server.requests}) still measures every request.
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /** Spring Security's strict firewall, with its header rules checked by a loop instead of a regular expression. */
    @Bean
    WebSecurityCustomizer firewall() {
        var firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(FastHeaderChecks.ASSIGNED_NOT_CONTROL);
        firewall.setAllowedHeaderValues(FastHeaderChecks.ASSIGNED_NOT_CONTROL);
        return web -> web.httpFirewall(firewall);
    }

    @Bean
    JwtDecoder jwtDecoder(KeycloakProperties keycloak, MemberTokens memberTokens) {
        // Supplier: the issuer's keys are fetched on the first request, so the platform starts while Keycloak is still starting.
        var timestamps = new JwtTimestampValidator(keycloak.clockSkew());
        var verifying = new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(keycloak.issuerUri()).build();
            decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(
                    timestamps,
                    new JwtIssuerValidator(keycloak.issuerUri()),
                    audience(keycloak.audience()))));
            return decoder;
        });
        // Access tokens live minutes; a client uses one for many calls.
        JwtDecoder realm = new CachingJwtDecoder(verifying, timestamps, 20_000, Duration.ofMinutes(10));
        // The platform's own member tokens are told by their issuer and verified with the platform's keys only.
        return token -> memberTokens.claimsToBeOurs(token) ? memberTokens.decode(token) : realm.decode(token);
    }

    private static OAuth2TokenValidator<Jwt> audience(String audience) {
        return jwt -> jwt.getAudience() != null && jwt.getAudience().contains(audience)
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "the token is not for " + audience, null));
    }

    private static JwtAuthenticationConverter realmRoles() {
        var converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(SecurityConfiguration::realmRoleAuthorities);
        return converter;
    }

    private static Collection<GrantedAuthority> realmRoleAuthorities(Jwt jwt) {
        Map<String, Object> realmAccess = jwt.getClaimAsMap("realm_access");
        if (realmAccess == null || !(realmAccess.get("roles") instanceof Collection<?> roles)) {
            return List.of();
        }
        return roles.stream().map(role -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role)).toList();
    }

    /** One of {@code roles}, held by a principal that belongs to a tenant. */
    private static AuthorizationManager<RequestAuthorizationContext> tenantRole(String... roles) {
        Set<String> wanted = Set.copyOf(Arrays.stream(roles).map(role -> "ROLE_" + role).toList());
        return new AuthorizationManager<>() {
            @Override
            public AuthorizationResult authorize(Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
                Authentication auth = authentication.get();
                boolean granted = auth instanceof JwtAuthenticationToken token
                        && hasTenant(token.getToken())
                        && auth.getAuthorities().stream().anyMatch(a -> wanted.contains(a.getAuthority()));
                return new AuthorizationDecision(granted);
            }
        };
    }

    /**
     * A member's token: the realm role {@code member}, a tenant and a {@code member_id} claim (the platform's member
     * tokens, or a Keycloak user's whose attribute member_id is mapped into the token), and no staff role: a tenant
     * admin's or an API client's token is refused here even if it also carries the member role.
     */
    private static AuthorizationManager<RequestAuthorizationContext> memberOfTenant() {
        return (authentication, context) -> {
            Authentication auth = authentication.get();
            boolean granted = auth instanceof JwtAuthenticationToken token
                    && hasTenant(token.getToken())
                    && MemberTokens.memberId(token.getToken()) != null
                    && auth.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_" + Roles.MEMBER))
                    && auth.getAuthorities().stream().noneMatch(a -> STAFF.contains(a.getAuthority()));
            return new AuthorizationDecision(granted);
        };
    }

    private static final Set<String> STAFF = Set.of("ROLE_" + Roles.PLATFORM_OPERATOR, "ROLE_" + Roles.TENANT_ADMIN, "ROLE_" + Roles.TENANT_STAFF);

    private static boolean hasTenant(Jwt jwt) {
        String claim = jwt.getClaimAsString(TenantFromTokenFilter.TENANT_CLAIM);
        if (claim == null) {
            return false;
        }
        try {
            UUID.fromString(claim);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

}
