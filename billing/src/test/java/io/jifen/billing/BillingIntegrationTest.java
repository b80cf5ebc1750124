package io.jifen.billing;

import java.util.EnumSet;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.jifen.billing.internal.tenancy.TenantScope;
import io.jifen.devstack.DevStack;

/** Base of billing's integration tests: billing in a bare application against one PostgreSQL and one Stripe
 * fake per test JVM. */
@SpringBootTest(classes = BillingTestApplication.class)
public abstract class BillingIntegrationTest {

    private static DevStack stack;

    @Autowired
    private TenantScope tenantScope;

    @Autowired
    protected MutableClock clock;

    @AfterEach
    void clockBackToTheSystems() {
        clock.reset();
    }

    /** Runs a test's own SQL on billing's tenant-owned tables as the tenant (they are under row-level security). */
    protected <T> T asTenant(UUID tenant, Supplier<T> work) {
        return tenantScope.call(tenant, work);
    }

    protected static synchronized DevStack stack() {
        if (stack == null) {
            stack = DevStack.ephemeral(EnumSet.of(DevStack.Component.POSTGRES, DevStack.Component.STRIPE)).start();
        }
        return stack;
    }

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        var db = stack().database();
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::appUser);
        registry.add("spring.datasource.password", db::appPassword);
        registry.add("spring.liquibase.user", db::ownerUser);
        registry.add("spring.liquibase.password", db::ownerPassword);
    }
}
