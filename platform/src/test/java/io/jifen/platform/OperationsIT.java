package io.jifen.platform;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What operators and integrators rely on: probes on the API port, health details and metrics on the management port
 * only, the API description, and traceable logs.
 */
@ExtendWith(OutputCaptureExtension.class)
class OperationsIT extends IntegrationTest {

    @Value("${local.management.port}")
    int managementPort;

    @Test
    void theProbesOnTheApiPortAnswerOnlyUpOrDown() {
        for (String probe : new String[] {"/livez", "/readyz"}) {
            var response = http().get(probe, null);
            assertThat(response.status()).as(probe).isEqualTo(200);
            assertThat(response.json().get("status").asString()).isEqualTo("UP");
            assertThat(response.json().has("components")).as("%s shows no components: %s", probe, response.body()).isFalse();
            assertThat(response.json().has("details")).isFalse();
        }
    }

    @Test
    void metricsAndHealthDetailsAreNotServedOnTheApiPort() {
        for (String path : new String[] {"/actuator/prometheus", "/actuator/health", "/actuator/health/readiness", "/actuator/info"}) {
            var response = http().get(path, null);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.body()).doesNotContain("jvm_memory").doesNotContain("components");
        }
    }

    @Test
    void theManagementPortShowsHealthWithTheDatabaseAndPrometheusMetrics() {
        assertThat(managementPort).isNotEqualTo(port);
        var management = new Http("http://127.0.0.1:" + managementPort);
        var health = management.get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("components").get("db").get("status").asString()).isEqualTo("UP");
        assertThat(management.get("/actuator/health/readiness", null).json().get("status").asString()).isEqualTo("UP");
        var metrics = management.get("/actuator/prometheus", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("hikaricp_connections");
    }

    @Test
    void theOpenApiDescriptionListsTheApiAndTheUiIsServed() {
        var spec = http().get("/v3/api-docs", null);
        assertThat(spec.status()).isEqualTo(200);
        assertThat(spec.json().get("paths").has("/api/v1/members")).isTrue();
        assertThat(spec.json().get("paths").has("/api/v1/signups")).isTrue();
        assertThat(http().get("/swagger-ui/index.html", null).status()).isEqualTo(200);
    }

    @Test
    void everyRequestLogLineNamesTheTenantAndTheRequestId(CapturedOutput output) {
        var tenant = fixtures.tenant("logs");
        var response = http().send("POST", "/api/v1/members", fixtures.apiToken(tenant), "application/json",
                Http.json(Map.of("externalId", "log-1", "audience", "CONSUMER")));
        assertThat(response.status()).isEqualTo(201);
        String requestId = response.headers().get("x-request-id").getFirst();

        assertThat(output.getOut()).containsPattern("\\[" + tenant.id() + "] \\[" + requestId + "] .*POST /api/v1/members -> 201");
    }
}
