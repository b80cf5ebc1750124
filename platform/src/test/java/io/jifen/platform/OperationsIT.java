package io.jifen.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.jifen.platform.support.IntegrationTest;

/** What operators and integrators rely on: health, metrics, the API description, and traceable logs. */
@ExtendWith(OutputCaptureExtension.class)
class OperationsIT extends IntegrationTest {

    @Test
    void readinessIncludesTheDatabase() {
        var readiness = http().get("/actuator/health/readiness", null);
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
        assertThat(readiness.json().get("components").get("db").get("status").asString()).isEqualTo("UP");
    }

    @Test
    void prometheusMetricsAreExposed() {
        http().get("/actuator/health", null);
        var metrics = http().get("/actuator/prometheus", null);
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
                io.jifen.platform.support.Http.json(Map.of("externalId", "log-1", "audience", "CONSUMER")));
        assertThat(response.status()).isEqualTo(201);
        String requestId = response.headers().get("x-request-id").getFirst();

        assertThat(output.getOut()).containsPattern("\\[" + tenant.id() + "] \\[" + requestId + "] .*POST /api/v1/members -> 201");
    }
}
