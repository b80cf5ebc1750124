package io.jifen.platform.billing;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import io.jifen.platform.ledger.LedgerPeriods;
import io.jifen.platform.redemption.OrderCompleted;
import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.tenancy.TenantContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Billing in the platform: a member's redemption in the mall and its refund are metered once however often their events arrive, the
 * operator's month run invoices it with the tenant's month statement from the ledger, and the tenant admin reads the
 * invoice and its PDF. The test's clock sits in a month of its own (a month's run is one job instance).
 */
class BillingIT extends IntegrationTest {

    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    PlatformTransactionManager transactionManager;

    private static long usageRecords(UUID tenant) throws Exception {
        try (Connection db = stack().superuserConnection("jifen");
             var rs = db.createStatement().executeQuery("select count(*) from billing.usage_record where tenant_id = '" + tenant + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aRedemptionIsMeteredOnceAndInvoicedWithTheMonthStatement() throws Exception {
        Fixtures.TenantFixture tenant = fixtures.tenant("billed");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        String operator = fixtures.operatorToken();
        String member = fixtures.member(backEnd, "m-" + UUID.randomUUID());
        // The month's ledger and orders happen in March 2033 (the tokens above come from Keycloak, checked on the system's time).
        clock.setTo(Instant.parse("2033-03-10T02:00:00Z"));
        var earned = http().send("POST", "/api/v1/members/" + member + "/points/earn", backEnd, "application/json",
                Http.json(Map.of("points", 10_000)), UUID.randomUUID().toString());
        assertThat(earned.status()).as(earned.body()).isEqualTo(201);
        var item = http().postJson("/api/v1/mall/items", admin, Map.of("kind", "VIRTUAL", "title", "会员月卡", "status", "ON_SALE", "payment", "POINTS",
                "priceFen", 3_000, "stock", 5));
        assertThat(item.status()).as(item.body()).isEqualTo(201);

        var badPlan = http().postJson("/api/v1/operator/billing/plans", operator, Map.of("code", "Bad Code", "name", "x", "baseFeeFen", 1,
                "includedMembers", 1, "overageFenPerMember", 1, "serviceFeeBp", 1, "goodsMarginBp", 1, "notificationFen", 1));
        assertThat(badPlan.status()).isEqualTo(400);
        assertThat(badPlan.json().get("errors").get(0).get("field").asString()).isEqualTo("code");
        String code = "std-" + UUID.randomUUID().toString().substring(0, 8);
        var plan = http().postJson("/api/v1/operator/billing/plans", operator, Map.of("code", code, "name", "标准版", "baseFeeFen", 99_900,
                "includedMembers", 1_000, "overageFenPerMember", 10, "serviceFeeBp", 200, "goodsMarginBp", 500, "notificationFen", 5));
        assertThat(plan.status()).as(plan.body()).isEqualTo(201);
        assertThat(plan.json().get("taxBp").asInt()).as("6 % VAT by default").isEqualTo(600);
        var badDay = http().postJson("/api/v1/operator/billing/tenants/" + tenant.id() + "/subscriptions", operator,
                Map.of("planCode", code, "startsOn", "March"));
        assertThat(badDay.json().get("errors").get(0).get("field").asString()).isEqualTo("startsOn");
        var subscribed = http().postJson("/api/v1/operator/billing/tenants/" + tenant.id() + "/subscriptions", operator,
                Map.of("planCode", code, "startsOn", "2033-03-01"));
        assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(201);
        assertThat(http().get("/api/v1/tenant/billing/plan", admin).json().get("plan").get("code").asString()).isEqualTo(code);

        var order = http().send("POST", "/api/v1/me/orders", fixtures.memberToken(tenant, member), "application/json",
                Http.json(Map.of("item", "item:" + item.json().get("id").asString(), "quantity", 1)), "billed-order");
        assertThat(order.status()).as(order.body()).isEqualTo(201);
        UUID orderId = UUID.fromString(order.json().get("order").get("id").asString());
        await().atMost(Duration.ofSeconds(20)).until(() -> usageRecords(tenant.id()) == 1);
        // The completion's event delivered again (the registry hands out what a crash left incomplete): still one record.
        OrderCompleted again = new OrderCompleted(tenant.id(), orderId, "R-again", UUID.fromString(member), "item", 1, "points", 3_000, 0, 0,
                Instant.parse("2033-03-10T02:00:00Z"));
        for (int i = 0; i < 3; i++) {
            TenantContext.runAs(tenant.id(), () -> new TransactionTemplate(transactionManager).executeWithoutResult(s -> events.publishEvent(again)));
        }
        // A partial refund (1,000 of the 3,000 points back) is metered as negative usage, once however often it arrives.
        var refund = http().send("POST", "/api/v1/orders/" + orderId + "/refunds", admin, "application/json",
                Http.json(Map.of("points", 1_000, "quantity", 0, "restock", false, "reason", "部分退款")), "billed-refund");
        assertThat(refund.status()).as(refund.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(20)).until(() -> usageRecords(tenant.id()) == 2);
        var anchor = http().get("/api/v1/point-types", admin).json().get(0);

        clock.setTo(Instant.parse("2033-04-01T03:00:00Z"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> usageRecords(tenant.id()) == 2);
        var run = http().postJson("/api/v1/operator/billing/runs", operator, Map.of("period", "2033-03"));
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        assertThat(run.json().get("status").asString()).isEqualTo("COMPLETED");
        assertThat(http().postJson("/api/v1/operator/billing/runs", operator, Map.of("period", "2033-03")).status()).isEqualTo(409);

        var invoices = http().get("/api/v1/tenant/billing/invoices", admin);
        assertThat(invoices.status()).as(invoices.body()).isEqualTo(200);
        assertThat(invoices.json()).hasSize(1);
        JsonNode invoice = invoices.json().get(0);
        assertThat(invoice.get("period").asString()).isEqualTo("2033-03");
        assertThat(invoice.get("lines")).extracting(l -> l.get("kind").asString() + " " + l.get("amountFen").asLong())
                // 30.00 yuan redeemed in points at the tenant's anchor, 10.00 of it refunded: 2 % service fee of 20.00 = 0.40 yuan
                .containsExactly("BASE_FEE 99900", "SERVICE_FEE 40");
        JsonNode statement = invoice.get("statement");
        assertThat(statement.get("activeMembers").asLong()).isEqualTo(1);
        assertThat(statement.get("pointsIssued").asLong()).isEqualTo(10_000);
        assertThat(statement.get("pointsRedeemed").asLong()).isEqualTo(2_000);
        assertThat(statement.get("liabilityFen").asLong()).isEqualTo(LedgerPeriods.valueFen(8_000, anchor.get("anchorPoints").asLong(),
                anchor.get("anchorAmountMinor").asLong()));

        String invoiceId = invoice.get("id").asString();
        var pdf = http().get("/api/v1/tenant/billing/invoices/" + invoiceId + "/pdf", admin);
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.body()).startsWith("%PDF");
        var other = fixtures.tenant("not-billed");
        assertThat(http().get("/api/v1/tenant/billing/invoices/" + invoiceId, fixtures.adminToken(other)).status()).isEqualTo(404);
        assertThat(http().get("/api/v1/operator/billing/tenants/" + tenant.id() + "/invoices", admin).status()).isEqualTo(403);

        var credit = http().postJson("/api/v1/operator/billing/tenants/" + tenant.id() + "/invoices/" + invoiceId + "/credit-notes", operator,
                Map.of("amountFen", 100, "reason", "draft"));
        assertThat(credit.status()).as("a draft is not credited").isEqualTo(409);
        var finalized = http().postJson("/api/v1/operator/billing/tenants/" + tenant.id() + "/invoices/" + invoiceId + "/finalization", operator, "{}");
        assertThat(finalized.json().get("status").asString()).isEqualTo("FINALIZED");
        var tooMuch = http().postJson("/api/v1/operator/billing/tenants/" + tenant.id() + "/invoices/" + invoiceId + "/credit-notes", operator,
                Map.of("amountFen", 1_000_000, "reason", "too much"));
        assertThat(tooMuch.status()).isEqualTo(400);
        assertThat(tooMuch.json().get("errors").get(0).get("field").asString()).isEqualTo("amountFen");
    }
}
