package io.jifen.platform.support;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.test.context.DynamicPropertyRegistry;

import io.jifen.devstack.DevStack;

/** The platform's settings for a running devstack: the same ones production takes from JIFEN_* variables. */
public final class StackProperties {

    private StackProperties() {
    }

    public static Map<String, String> of(DevStack stack) {
        var db = stack.database();
        var properties = new LinkedHashMap<String, String>();
        properties.put("spring.datasource.url", db.jdbcUrl());
        properties.put("spring.datasource.username", db.appUser());
        properties.put("spring.datasource.password", db.appPassword());
        properties.put("spring.liquibase.user", db.ownerUser());
        properties.put("spring.liquibase.password", db.ownerPassword());
        properties.put("jifen.keycloak.server-url", stack.keycloakUrl());
        properties.put("jifen.keycloak.admin-client-secret", DevStack.ADMIN_CLIENT_SECRET);
        return properties;
    }

    public static void register(DevStack stack, DynamicPropertyRegistry registry) {
        of(stack).forEach((name, value) -> registry.add(name, () -> value));
    }
}
