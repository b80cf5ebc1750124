package io.jifen.hub;

import java.util.EnumSet;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.jifen.devstack.DevStack;
import io.jifen.hub.internal.tenancy.TenantScope;
import io.jifen.sandbox.JdVopSandbox;
import io.jifen.sandbox.TmallSandbox;
import io.jifen.sandbox.VoucherSandbox;

/**
 * Base of the hub's tests: the hub in a bare application against one shared stack per test JVM (real PostgreSQL,
 * Elasticsearch and the JD sandbox, over HTTP).
 */
@SpringBootTest(classes = HubTestApplication.class)
public abstract class HubIntegrationTest {

    private static DevStack stack;
    /** Where {@link NoticeEndpoint} takes the suppliers' notifications. */
    private static final int NOTICE_PORT = freePort();

    @Autowired
    private TenantScope tenantScope;

    /** Runs a test's own SQL on the hub's tenant-owned tables as the tenant (they are under row-level security). */
    protected <T> T asTenant(UUID tenant, Supplier<T> work) {
        return tenantScope.call(tenant, work);
    }

    protected static synchronized DevStack stack() {
        if (stack == null) {
            stack = DevStack.ephemeral(EnumSet.of(DevStack.Component.POSTGRES, DevStack.Component.ELASTICSEARCH,
                    DevStack.Component.SUPPLIER_SANDBOXES)).start();
        }
        return stack;
    }

    protected static JdVopSandbox jd() {
        return stack().jdVopSandbox();
    }

    protected static TmallSandbox tmall() {
        return stack().tmallSandbox();
    }

    protected static VoucherSandbox vouchers() {
        return stack().voucherSandbox();
    }

    private static int freePort() {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        var db = stack().database();
        var jd = JdVopSandbox.Credentials.DEVSTACK;
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::appUser);
        registry.add("spring.datasource.password", db::appPassword);
        registry.add("spring.liquibase.user", db::ownerUser);
        registry.add("spring.liquibase.password", db::ownerPassword);
        registry.add("jifen.hub.elasticsearch-url", () -> stack().elasticsearchUrl());
        registry.add("jifen.hub.jd.url", () -> jd().uri().toString());
        registry.add("jifen.hub.jd.client-id", jd::clientId);
        registry.add("jifen.hub.jd.client-secret", jd::clientSecret);
        registry.add("jifen.hub.jd.username", jd::username);
        registry.add("jifen.hub.jd.password", jd::password);
        var tmall = TmallSandbox.Credentials.DEVSTACK;
        registry.add("jifen.hub.tmall.url", () -> tmall().uri().toString());
        registry.add("jifen.hub.tmall.app-key", tmall::appKey);
        registry.add("jifen.hub.tmall.app-secret", tmall::appSecret);
        registry.add("jifen.hub.tmall.session", tmall::session);
        registry.add("jifen.hub.tmall.refresh-token", tmall::refreshToken);
        var voucher = VoucherSandbox.Credentials.DEVSTACK;
        registry.add("jifen.hub.vouchers.url", () -> vouchers().uri().toString());
        registry.add("jifen.hub.vouchers.app-key", voucher::appKey);
        registry.add("jifen.hub.vouchers.app-secret", voucher::appSecret);
        registry.add("jifen.hub.vouchers.notify-url", () -> "http://127.0.0.1:" + NOTICE_PORT + "/notices/vouchers");
        registry.add("test.notice-port", () -> NOTICE_PORT);
    }
}
