package io.jifen.platform.support;

import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.jifen.devstack.DevStack;

/**
 * Base of the tests that run the whole platform over HTTP against the test stack's real PostgreSQL and Keycloak.
 * Every subclass shares one application context (Spring caches it) and one stack. The application's clock is a
 * {@link TestClock} a test can set; it is back on the system's time after each test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "jifen.keycloak.clock-skew=0s",
        // Small expiry chunks, so that a test with a hundred wallets spans several.
        "jifen.ledger.expiry.wallets-per-chunk=20",
        // The tests start the ledger's jobs themselves; a scheduled run in the middle of one would change what it sees.
        "jifen.ledger.schedule.expiry=-", "jifen.ledger.schedule.reminders=-", "jifen.ledger.schedule.reconciliation=-",
        // No Elasticsearch in the platform's test stack: the catalog index is a closed port, as when the cluster is down.
        "jifen.hub.elasticsearch-url=http://127.0.0.1:9", "jifen.hub.schedule.changes=-", "jifen.hub.schedule.full-sync=-", "jifen.hub.schedule.settlement=-",
        "jifen.hub.schedule.index-backlog=-", "jifen.mall.schedule.search-feed=-", "jifen.segment.schedule.refresh=-",
        "jifen.tier.schedule.birthday-gifts=-", "jifen.billing.schedule.monthly-run=-", "jifen.billing.schedule.finalize-drafts=-", "jifen.onboarding.schedule.abandoned-signups=-", "jifen.b2b.schedule.welfare=-", "jifen.tier.schedule.reviews=-",
        // Notification webhooks post to receivers the tests run on 127.0.0.1; the tests sweep the outbox themselves.
        "jifen.notification.allow-private-hosts=true", "jifen.notification.timeout=2s", "jifen.notification.schedule.deliveries=-",
        // An e-voucher supplier whose server is not there: enough to verify its notifications.
        // Callers without a token all come from 127.0.0.1 here; RateLimitIT owns a tenant with a small limit.
        "jifen.rate-limits.anonymous-per-ip.capacity=1000", "jifen.rate-limits.tenants.throttled-brand.capacity=5",
        "jifen.rate-limits.tenants.throttled-brand.period=1h",
        "jifen.hub.vouchers.url=http://127.0.0.1:9", "jifen.hub.vouchers.app-key=jifen-hub", "jifen.hub.vouchers.app-secret=" + IntegrationTest.VOUCHER_SECRET})
@Import(TestClock.class)
public abstract class IntegrationTest {

    protected static final String VOUCHER_SECRET = "platform-test-voucher-secret";

    @LocalServerPort
    protected int port;

    @Autowired
    protected Fixtures fixtures;

    @Autowired
    protected TestClock clock;

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        StackProperties.register(TestStack.get(), registry);
    }

    @AfterEach
    void systemTimeAgain() {
        clock.reset();
    }

    protected static DevStack stack() {
        return TestStack.get();
    }

    protected Http http() {
        return new Http("http://127.0.0.1:" + port);
    }
}
