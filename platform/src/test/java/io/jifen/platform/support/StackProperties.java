package io.jifen.platform.support;

import org.springframework.test.context.DynamicPropertyRegistry;

import io.jifen.devstack.DevStack;

/** The platform's settings for a running devstack: the same ones production takes from JIFEN_* variables. */
public final class StackProperties {

    private StackProperties() {
    }

    public static void register(DevStack stack, DynamicPropertyRegistry registry) {
        var db = stack.database();
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::appUser);
        registry.add("spring.datasource.password", db::appPassword);
        registry.add("spring.liquibase.user", db::ownerUser);
        registry.add("spring.liquibase.password", db::ownerPassword);
        registry.add("jifen.keycloak.server-url", stack::keycloakUrl);
        registry.add("jifen.keycloak.admin-client-secret", () -> DevStack.ADMIN_CLIENT_SECRET);
    }
}
