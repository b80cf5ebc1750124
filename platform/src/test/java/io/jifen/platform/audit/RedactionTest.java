package io.jifen.platform.audit;

import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void secretsAndSealedFieldsLoseTheirValuesAtAnyDepthAndEverythingElseStays() {
        var node = JSON.readTree("""
                {"clientSecret": "s3cr3t", "secretRotatedAt": "2030-01-01T00:00:00Z", "secretIssued": true, "accessToken": "t",
                 "tokenType": "Bearer", "nested": [{"password": "p", "mobile_encrypted": "x", "title": "t"}], "displayName": "张三",
                 "secret": null, "sig": "abc"}""");

        String redacted = Redaction.redact(node, Set.of("displayName")).toString();

        assertThat(redacted).doesNotContain("s3cr3t", "\"p\"", "张三", "abc")
                .contains("\"secretRotatedAt\":\"2030-01-01T00:00:00Z\"", "\"secretIssued\":true", "\"tokenType\":\"Bearer\"",
                        "\"title\":\"t\"", "\"secret\":null", "\"clientSecret\":\"[redacted]\"", "\"mobile_encrypted\":\"[redacted]\"");
    }
}
