package io.jifen.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.support.Tokens;

class ApiClientIT extends IntegrationTest {

    @Test
    void rotatingASecretRetiresTheOldOneAtOnce() {
        var tenant = fixtures.tenant("rotate");
        String admin = fixtures.adminToken(tenant);
        var clients = http().get("/api/v1/api-clients", admin).json();
        assertThat(clients).hasSize(1);
        assertThat(clients.get(0).get("secret").isNull()).as("a listing never shows secrets").isTrue();

        var rotated = http().postJson("/api/v1/api-clients/" + clients.get(0).get("id").asString() + "/secret", admin, "");
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        String newSecret = rotated.json().get("secret").asString();

        assertThat(Tokens.clientCredentialsStatus(stack(), tenant.apiClientId(), tenant.apiClientSecret())).isEqualTo(401);
        String token = Tokens.clientCredentials(stack(), tenant.apiClientId(), newSecret);
        assertThat(http().get("/api/v1/members", token).status()).isEqualTo(200);
    }

    @Test
    void aTenantAdminCanCreateAnotherApiClientForItsTenant() {
        var tenant = fixtures.tenant("second-client");
        String admin = fixtures.adminToken(tenant);

        var created = http().postJson("/api/v1/api-clients", admin, Map.of("name", "ERP 对接"));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String token = Tokens.clientCredentials(stack(), created.json().get("clientId").asString(), created.json().get("secret").asString());
        var member = http().postJson("/api/v1/members", token, Map.of("externalId", "erp-1", "audience", "EMPLOYEE"));
        assertThat(member.status()).isEqualTo(201);
        assertThat(http().get("/api/v1/members/" + member.json().get("id").asString(), admin).status()).isEqualTo(200);
        assertThat(http().get("/api/v1/api-clients", admin).json()).hasSize(2);
    }
}
