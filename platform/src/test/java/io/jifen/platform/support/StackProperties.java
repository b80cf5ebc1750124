package io.jifen.platform.support;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.test.context.DynamicPropertyRegistry;

import io.jifen.devstack.DevStack;
import io.jifen.sandbox.JdVopSandbox;
import io.jifen.sandbox.TmallSandbox;
import io.jifen.sandbox.VoucherSandbox;

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
        properties.put("jifen.ledger.chain.current-key", "devstack");
        properties.put("jifen.ledger.chain.keys.devstack", stack.ledgerChainKey());
        properties.put("spring.mail.host", stack.smtpHost());
        properties.put("spring.mail.port", String.valueOf(stack.smtpPort()));
        properties.putAll(hub(stack));
        if (stack.has(DevStack.Component.STRIPE)) {
            properties.put("jifen.payments.stripe.api-base", stack.stripe().apiBase());
            properties.put("jifen.payments.stripe.api-key", stack.stripe().apiKey());
            properties.put("jifen.payments.stripe.webhook-secret", stack.stripe().webhookSecret());
        }
        properties.put("jifen.member.tokens.current-key", "devstack");
        properties.put("jifen.member.tokens.keys.devstack", stack.memberTokenKey());
        properties.put("jifen.crypto.current-key", "devstack");
        properties.put("jifen.crypto.keys.devstack", stack.cryptoDataKey());
        properties.put("jifen.crypto.index-key", stack.cryptoIndexKey());
        // Codes sealed before jifen-crypto, with the hub's own AES key: still readable.
        properties.put("jifen.hub.codes.keys.devstack", stack.voucherCodeKey());
        return properties;
    }

    /** The supplier hub's settings for the stack's Elasticsearch and supplier sandboxes, where it runs them. */
    public static Map<String, String> hub(DevStack stack) {
        var properties = new LinkedHashMap<String, String>();
        if (stack.has(DevStack.Component.ELASTICSEARCH)) {
            properties.put("jifen.hub.elasticsearch-url", stack.elasticsearchUrl());
        }
        if (stack.has(DevStack.Component.SUPPLIER_SANDBOXES)) {
            var jd = JdVopSandbox.Credentials.DEVSTACK;
            properties.put("jifen.hub.jd.url", stack.jdVopSandbox().uri().toString());
            properties.put("jifen.hub.jd.client-id", jd.clientId());
            properties.put("jifen.hub.jd.client-secret", jd.clientSecret());
            properties.put("jifen.hub.jd.username", jd.username());
            properties.put("jifen.hub.jd.password", jd.password());
            var tmall = TmallSandbox.Credentials.DEVSTACK;
            properties.put("jifen.hub.tmall.url", stack.tmallSandbox().uri().toString());
            properties.put("jifen.hub.tmall.app-key", tmall.appKey());
            properties.put("jifen.hub.tmall.app-secret", tmall.appSecret());
            properties.put("jifen.hub.tmall.session", tmall.session());
            properties.put("jifen.hub.tmall.refresh-token", tmall.refreshToken());
            var vouchers = VoucherSandbox.Credentials.DEVSTACK;
            properties.put("jifen.hub.vouchers.url", stack.voucherSandbox().uri().toString());
            properties.put("jifen.hub.vouchers.app-key", vouchers.appKey());
            properties.put("jifen.hub.vouchers.app-secret", vouchers.appSecret());
        }
        return properties;
    }

    public static void register(DevStack stack, DynamicPropertyRegistry registry) {
        of(stack).forEach((name, value) -> registry.add(name, () -> value));
    }
}
