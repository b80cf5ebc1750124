package io.jifen.platform.support;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import io.jifen.platform.web.CleanTextModule;

/** The JSON reader the API's bodies go through (application.yml's spring.jackson settings), for tests without Spring. */
public final class ApiJson {

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .addModule(new CleanTextModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    private ApiJson() {
    }
}
