package io.jifen.hub.internal.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The Taobao Open Platform's signature (HMAC-MD5) against a known answer, computed outside Java once:
 * {@code printf '%s' 'app_key12345678formatjsonmethodtmall.distributor.items.getpage_no1page_size100sessionsess-abcsign_methodhmactimestamp2026-11-23 12:00:00v2.0' | openssl dgst -md5 -hmac top-secret-42}.
 */
class TmallSignatureTest {

    @Test
    void parametersAreSignedByHmacMd5OfNamesAndValuesSortedByNameWithoutTheSignAndEmptyValuesInUpperCaseHex() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("page_size", "100");
        params.put("method", "tmall.distributor.items.get");
        params.put("timestamp", "2026-11-23 12:00:00");
        params.put("app_key", "12345678");
        params.put("session", "sess-abc");
        params.put("format", "json");
        params.put("v", "2.0");
        params.put("sign_method", "hmac");
        params.put("page_no", "1");
        params.put("sign", "left out");
        params.put("empty", "");

        assertThat(TmallConnector.sign(params, "top-secret-42")).isEqualTo("0CFD50FC76814CC2EDD6EEA72A4D2BCB");
    }
}
