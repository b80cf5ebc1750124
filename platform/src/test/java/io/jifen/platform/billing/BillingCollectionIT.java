package io.jifen.platform.billing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.jifen.billing.BillingStripe;
import io.jifen.billing.Dunning;
import io.jifen.billing.InvoiceCollections;
import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.stripefake.StripeFake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Collection and dunning in the platform: a finalized invoice goes to the Stripe fake through the payment module's
 * account, Stripe's events come back through the one webhook endpoint, fourteen days overdue the mall refuses
 * redemption (403 mall-paused) while members still earn, and a payment on the hosted page reopens it.
 */
class BillingCollectionIT extends IntegrationTest {

    @Autowired
    InvoiceCollections collections;
    @Autowired
    BillingStripe stripe;
    @Autowired
    Dunning dunning;

    @Test
    void anUnpaidInvoicePausesTheMallOnDayFourteenAndAPaymentThroughStripeReopensIt() throws Exception {
        StripeFake fake = stack().stripe().fake();
        stack().stripe().sendEventsToPlatformOn(port);
        Fixtures.TenantFixture tenant = fixtures.tenant("dunned");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        String operator = fixtures.operatorToken();
        String member = fixtures.member(backEnd, "m-" + UUID.randomUUID());
        String code = "dun-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(http().postJson("/api/v1/operator/billing/plans", operator, Map.of("code", code, "name", "标准版", "baseFeeFen", 99_900,
                "includedMembers", 1_000, "overageFenPerMember", 10, "serviceFeeBp", 200, "goodsMarginBp", 500, "notificationFen", 5)).status()).isEqualTo(201);
        assertThat(http().postJson("/api/v1/operator/billing/tenants/" + tenant.id() + "/subscriptions", operator,
                Map.of("planCode", code, "startsOn", "2036-05-01")).status()).isEqualTo(201);
        clock.setTo(Instant.parse("2036-06-01T03:00:00Z"));
        assertThat(http().postJson("/api/v1/operator/billing/runs", operator, Map.of("period", "2036-05")).json().get("status").asString())
                .isEqualTo("COMPLETED");
        String invoiceId = http().get("/api/v1/tenant/billing/invoices", admin).json().get(0).get("id").asString();
        // The tenant's card is declined: its Stripe customer (the one collection makes) switched to fail first.
        fake.failPaymentsOf(stripe.createCustomer(tenant.id(), "Jifen 租户 " + tenant.id()), true);
        assertThat(http().postJson("/api/v1/operator/billing/tenants/" + tenant.id() + "/invoices/" + invoiceId + "/finalization", operator, "{}")
                .status()).isEqualTo(200);

        collections.pushDue(clock.instant());

        String paymentPath = "/api/v1/tenant/billing/invoices/" + invoiceId + "/payment";
        await().atMost(Duration.ofSeconds(20)).until(() -> http().get(paymentPath, admin).json().get("paymentFailures").asInt() == 1);
        var payment = http().get(paymentPath, admin).json();
        assertThat(payment.get("status").asString()).isEqualTo("OPEN");
        String hosted = payment.get("hostedInvoiceUrl").asString();
        assertThat(hosted).startsWith(fake.uri() + "/invoice/");
        var item = http().postJson("/api/v1/mall/items", admin, Map.of("kind", "VIRTUAL", "title", "会员月卡", "status", "ON_SALE", "payment", "POINTS",
                "priceFen", 100, "stock", 5));
        assertThat(item.status()).as(item.body()).isEqualTo(201);

        clock.setTo(Instant.parse("2036-06-15T03:00:00Z"));
        dunning.runDaily();

        assertThat(mallPaused(admin)).as("paused on day 14").isTrue();
        var overdue = http().get("/api/v1/operator/billing/overdue-tenants", operator);
        assertThat(overdue.body()).contains(tenant.id().toString(), "MALL_PAUSED");
        var earned = http().send("POST", "/api/v1/members/" + member + "/points/earn", backEnd, "application/json",
                Http.json(Map.of("points", 1_000)), UUID.randomUUID().toString());
        assertThat(earned.status()).as("members keep earning: " + earned.body()).isEqualTo(201);
        String memberToken = fixtures.memberToken(tenant, member);
        var refused = order(memberToken, item.json().get("id").asString(), "paused-order");
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.json().get("type").asString()).endsWith("mall-paused");
        var noReference = http().postJson("/api/v1/operator/billing/tenants/" + tenant.id() + "/invoices/" + invoiceId + "/payment", operator,
                Map.of("reference", " "));
        assertThat(noReference.status()).isEqualTo(400);
        assertThat(noReference.json().get("errors").get(0).get("field").asString()).isEqualTo("reference");

        fake.failPaymentsOf(stripe.createCustomer(tenant.id(), "Jifen 租户 " + tenant.id()), false);
        var paid = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(hosted + "/pay")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(paid.body()).contains("Payment succeeded.");

        await().atMost(Duration.ofSeconds(20)).until(() -> http().get(paymentPath, admin).json().get("status").asString().equals("PAID"));
        assertThat(mallPaused(admin)).as("reopened by the payment").isFalse();
        await().atMost(Duration.ofSeconds(20)).until(() -> order(memberToken, item.json().get("id").asString(), "reopened-order").status() == 201);
        assertThat(http().get("/api/v1/operator/billing/overdue-tenants", operator).body()).doesNotContain(tenant.id().toString());
    }

    /** Whether the tenant's standing names the moment its mall was paused. */
    private boolean mallPaused(String admin) {
        var pausedAt = http().get("/api/v1/tenant/billing/standing", admin).json().path("mallPausedAt");
        return !pausedAt.isMissingNode() && !pausedAt.isNull();
    }

    private Http.Response order(String memberToken, String itemId, String key) {
        return http().send("POST", "/api/v1/me/orders", memberToken, "application/json", Http.json(Map.of("item", "item:" + itemId, "quantity", 1)), key);
    }
}
