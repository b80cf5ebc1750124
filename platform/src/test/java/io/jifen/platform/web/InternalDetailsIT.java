package io.jifen.platform.web;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** A body the platform cannot read gets a 400 in Jifen's words, naming the field; Jackson's words (Java types, classes) stay in the log. */
class InternalDetailsIT extends IntegrationTest {

    @Test
    void unreadableBodiesAreDescribedWithoutJacksonsMessages() {
        var tenant = fixtures.tenant("internal");
        String token = fixtures.apiToken(tenant);
        String member = http().postJson("/api/v1/members", token, Map.of("externalId", "internal-1", "audience", "CONSUMER")).json().get("id").asString();

        var badEnum = http().send("POST", "/api/v1/members", token, "application/json", "{\"externalId\": \"e-1\", \"audience\": \"NOPE\"}");
        assertFixed(badEnum, "audience", "must be one of");
        assertThat(badEnum.body()).contains("CONSUMER");

        var arrayForText = http().send("POST", "/api/v1/members", token, "application/json", "{\"externalId\": [\"a\"], \"audience\": \"CONSUMER\"}");
        assertFixed(arrayForText, "externalId", "must be text");

        var textForPoints = http().send("POST", "/api/v1/members/" + member + "/points/earn", token, "application/json",
                "{\"points\": \"many\"}", UUID.randomUUID().toString());
        assertFixed(textForPoints, "points", "must be a whole number");

        var fraction = http().send("POST", "/api/v1/members/" + member + "/points/earn", token, "application/json",
                "{\"points\": 1.5}", UUID.randomUUID().toString());
        assertFixed(fraction, "points", "must be a whole number");

        var broken = http().send("POST", "/api/v1/members", token, "application/json", "{\"externalId\": ");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.json().get("detail").asString()).isEqualTo("the request body is not valid JSON");
    }

    private static void assertFixed(Http.Response response, String field, String words) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        String detail = response.json().get("detail").asString();
        assertThat(detail).startsWith(field + ": ").contains(words);
        assertThat(response.body()).doesNotContain("`").doesNotContain("java.").doesNotContain("io.jifen")
                .doesNotContain("Cannot deserialize").doesNotContain("Cannot coerce").doesNotContain("[Source");
    }
}
