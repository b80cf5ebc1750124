package io.jifen.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.KeycloakBuilder;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.jifen.devstack.DevStack;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.support.Tokens;

class AuthenticationIT extends IntegrationTest {

    @Test
    void aRequestWithoutATokenGets401ProblemJson() {
        var response = http().get("/api/v1/members", null);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.headers().get("www-authenticate")).contains("Bearer");
        assertThat(response.json().get("type").asString()).isEqualTo("https://jifen.io/problems/unauthenticated");
    }

    @Test
    void aMalformedTokenGets401() {
        assertThat(http().get("/api/v1/members", "not-a-jwt").status()).isEqualTo(401);
    }

    @Test
    void aTokenFromAnotherIssuerGets401EvenWithTheRightClaims() throws Exception {
        var tenant = fixtures.tenant("foreign");
        var key = new RSAKeyGenerator(2048).keyID("evil").generate();
        var claims = new JWTClaimsSet.Builder()
                .issuer("http://127.0.0.1:1/realms/jifen")
                .audience("jifen-platform")
                .subject(UUID.randomUUID().toString())
                .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .issueTime(new Date())
                .claim("tenant_id", tenant.id().toString())
                .claim("realm_access", Map.of("roles", List.of("tenant-admin")))
                .build();
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));

        assertThat(http().get("/api/v1/members", jwt.serialize()).status()).isEqualTo(401);
    }

    @Test
    void anExpiredTokenGets401() {
        var tenant = fixtures.tenant("expiry");
        try (var admin = KeycloakBuilder.builder().serverUrl(stack().keycloakUrl()).realm(DevStack.REALM)
                .grantType(OAuth2Constants.CLIENT_CREDENTIALS).clientId(DevStack.ADMIN_CLIENT_ID)
                .clientSecret(DevStack.ADMIN_CLIENT_SECRET).build()) {
            var clients = admin.realm(DevStack.REALM).clients();
            var client = clients.findByClientId(tenant.apiClientId()).getFirst();
            client.getAttributes().put("access.token.lifespan", "1");
            clients.get(client.getId()).update(client);
        }
        String token = Tokens.clientCredentials(stack(), tenant.apiClientId(), tenant.apiClientSecret());
        var payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(payload).contains("\"tenant_id\":\"" + tenant.id() + "\"");

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> http().get("/api/v1/members", token).status() == 401);
    }

    @Test
    void aRoleThatDoesNotAllowTheRequestGets403() {
        var tenant = fixtures.tenant("roles");
        String backEnd = fixtures.apiToken(tenant);
        String admin = fixtures.adminToken(tenant);
        String operator = fixtures.operatorToken();

        assertThat(http().get("/api/v1/members", backEnd).status()).isEqualTo(200);
        var forbidden = http().get("/api/v1/api-clients", backEnd);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.json().get("type").asString()).isEqualTo("https://jifen.io/problems/forbidden");
        assertThat(http().get("/api/v1/operator/tenants", admin).status()).isEqualTo(403);
        assertThat(http().get("/api/v1/members", operator).status()).as("an operator belongs to no tenant").isEqualTo(403);
        var tenants = http().get("/api/v1/operator/tenants?size=500", operator);
        assertThat(tenants.status()).isEqualTo(200);
        assertThat(tenants.body()).contains(tenant.slug());
    }
}
