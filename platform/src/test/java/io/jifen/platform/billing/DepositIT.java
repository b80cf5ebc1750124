package io.jifen.platform.billing;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.hub.SupplierOrderFailed;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.storefront.ProblemTexts;
import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.support.Mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The prepaid goods deposit through the APIs: the operator turns it on and tops it up; each hub order's goods cost is
 * charged from it at checkout; when it cannot pay, hub goods are refused with their own problem (the points stay the
 * member's, own items keep selling) until a top-up resumes them at once; a supplier's failure gives the goods cost back;
 * crossing the low-balance threshold alerts the tenant's admin by mail.
 */
class DepositIT extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    ProblemTexts problemTexts;

    private static final String DEPOSIT = "/api/v1/operator/billing/tenants/%s/deposit";

    private Http.Response order(String memberToken, String item, String key) {
        return http().send("POST", "/api/v1/me/orders", memberToken, "application/json", Http.json(Map.of("item", item, "quantity", 1)), key);
    }

    private long balanceOf(String admin) {
        return http().get("/api/v1/tenant/billing/deposit", admin).json().get("account").get("balanceFen").asLong();
    }

    @Test
    void hubGoodsArePaidFromTheDepositPauseWhenItIsEmptyAndResumeWhenItIsToppedUp() {
        Fixtures.TenantFixture tenant = fixtures.tenant("deposit");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        String operator = fixtures.operatorToken();
        String member = fixtures.member(backEnd, "m-" + UUID.randomUUID());
        String memberToken = fixtures.memberToken(tenant, member);
        var earned = http().send("POST", "/api/v1/members/" + member + "/points/earn", backEnd, "application/json",
                Http.json(Map.of("points", 20_000)), UUID.randomUUID().toString());
        assertThat(earned.status()).as(earned.body()).isEqualTo(201);
        String sku = "deposit-latte-" + tenant.slug();
        jdbc.sql("""
                        insert into supplier_hub.sku (supplier_id, sku_id, title, brand, category_ids, category_names, images, description,
                                                      delivery_kind, unit, listed, cost_fen, market_fen, in_stock, stock, updated_at)
                        values ('vouchers', ?, '星巴克 中杯拿铁 电子券', '星巴克', '{cafe}', '{咖啡}', '{}', '', 'VOUCHER_CODE', '张', true, 2500, 3000, true, 100, now())
                        on conflict do nothing""")
                .param(sku).update();
        assertThat(http().send("PUT", "/api/v1/catalog/selections/vouchers/" + sku, admin, "application/json", "{\"pointsPrice\": 3000}").status())
                .isEqualTo(200);
        var own = http().postJson("/api/v1/mall/items", admin, Map.of("kind", "VIRTUAL", "title", "会员月卡", "status", "ON_SALE", "payment", "POINTS",
                "priceFen", 1_000, "stock", 5));
        assertThat(own.status()).as(own.body()).isEqualTo(201);
        String ownItem = "item:" + own.json().get("id").asString();
        String hubItem = "hub:vouchers:" + sku;

        // The operator turns the deposit on (alert under 30.00 yuan) and books a bank transfer of 40.00 yuan.
        assertThat(http().get("/api/v1/tenant/billing/deposit", admin).json().get("account").isNull()).as("no deposit yet").isTrue();
        var noFlag = http().send("PUT", DEPOSIT.formatted(tenant.id()), operator, "application/json", "{\"lowBalanceFen\": 3000}");
        assertThat(noFlag.status()).isEqualTo(400);
        assertThat(noFlag.json().get("errors").get(0).get("field").asString()).isEqualTo("enabled");
        var enabled = http().send("PUT", DEPOSIT.formatted(tenant.id()), operator, "application/json", "{\"enabled\": true, \"lowBalanceFen\": 3000}");
        assertThat(enabled.status()).as(enabled.body()).isEqualTo(200);
        var noReference = http().postJson(DEPOSIT.formatted(tenant.id()) + "/top-ups", operator, Map.of("amountFen", 4_000));
        assertThat(noReference.status()).isEqualTo(400);
        assertThat(noReference.json().get("errors").get(0).get("field").asString()).isEqualTo("reference");
        var topUp = http().postJson(DEPOSIT.formatted(tenant.id()) + "/top-ups", operator, Map.of("amountFen", 4_000, "reference", "ICBC-0001"));
        assertThat(topUp.status()).as(topUp.body()).isEqualTo(201);
        assertThat(http().postJson(DEPOSIT.formatted(tenant.id()) + "/top-ups", operator, Map.of("amountFen", 4_000, "reference", "ICBC-0001"))
                .json().get("id").asLong()).as("the same transfer booked once").isEqualTo(topUp.json().get("id").asLong());
        assertThat(balanceOf(admin)).isEqualTo(4_000);

        // A hub order: its goods cost (25.00 yuan) is charged at checkout, crossing the threshold: one alert, one mail.
        var first = order(memberToken, hubItem, "hub-1");
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        String firstId = first.json().get("order").get("id").asString();
        assertThat(balanceOf(admin)).isEqualTo(1_500);
        assertThat(http().get("/api/v1/tenant/billing/deposit", admin).json().get("alerts")).hasSize(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> Mailbox.mails(stack(), tenant.adminEmail()).stream()
                .anyMatch(m -> m.subject().contains("prepaid goods deposit running low") && m.text().contains("15.00")));
        assertThat(order(memberToken, hubItem, "hub-1").status()).as("the same order again is not charged again").isEqualTo(201);
        assertThat(balanceOf(admin)).isEqualTo(1_500);
        long points = fixtures.balance(backEnd, member);

        // 15.00 yuan left cannot pay 25.00: hub goods pause with their own problem, nothing is held; own items still sell.
        var paused = order(memberToken, hubItem, "hub-2");
        assertThat(paused.status()).as(paused.body()).isEqualTo(422);
        assertThat(paused.json().get("type").asString()).endsWith("deposit-exhausted");
        assertThat(paused.json().get("detail").asString()).contains("deposit").doesNotContain("1500");
        assertThat(fixtures.balance(backEnd, member)).as("no points held by the refused order").isEqualTo(points);
        assertThat(http().get("/api/v1/me/orders", memberToken).json().toString()).doesNotContain("hub-2");
        assertThat(problemTexts.key(new DomainException(ProblemKind.REFUSED, HubGoodsDeposit.EXHAUSTED, "t", "d")))
                .as("the storefront's checkout has its own words for it").isEqualTo("problem.deposit-exhausted");
        var ownOrder = order(memberToken, ownItem, "own-1");
        assertThat(ownOrder.status()).as(ownOrder.body()).isEqualTo(201);
        assertThat(balanceOf(admin)).isEqualTo(1_500);

        // A top-up resumes hub goods at once.
        assertThat(http().postJson(DEPOSIT.formatted(tenant.id()) + "/top-ups", operator, Map.of("amountFen", 5_000, "reference", "ICBC-0002"))
                .status()).isEqualTo(201);
        var resumed = order(memberToken, hubItem, "hub-3");
        assertThat(resumed.status()).as(resumed.body()).isEqualTo(201);
        assertThat(balanceOf(admin)).isEqualTo(4_000);

        // The supplier fails the first order for good: it is refunded and its goods cost comes back to the deposit, once.
        await().atMost(Duration.ofSeconds(20)).until(() -> http().get("/api/v1/me/orders/" + firstId, memberToken).json().get("order").get("state")
                .asString().equals("FULFILLING"));
        var failed = new SupplierOrderFailed(tenant.id(), UUID.fromString(member), first.json().get("order").get("orderNo").asString(), "vouchers", sku,
                "out of stock at the supplier");
        for (int i = 0; i < 2; i++) {
            new TransactionTemplate(transactionManager).executeWithoutResult(status -> events.publishEvent(failed));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> balanceOf(admin) == 6_500);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> balanceOf(admin) == 6_500);

        var movements = http().get("/api/v1/tenant/billing/deposit/movements", admin);
        assertThat(movements.status()).as(movements.body()).isEqualTo(200);
        assertThat(movements.json()).extracting(m -> m.get("kind").asString() + " " + m.get("amountFen").asLong())
                .containsExactly("RELEASE 2500", "CHARGE -2500", "TOP_UP 5000", "CHARGE -2500", "TOP_UP 4000");
        assertThat(http().get(DEPOSIT.formatted(tenant.id()) + "/movements?limit=2", operator).json()).hasSize(2);
        assertThat(http().get(DEPOSIT.formatted(tenant.id()), admin).status()).as("the operator's API is the operator's").isEqualTo(403);
    }
}
