package io.jifen.platform.payment;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import io.jifen.devstack.LocalStripe;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.tenancy.TenantContext;
import io.jifen.stripefake.StripeFake;
import io.jifen.stripefake.Webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Payments through the real stripe-java client against the devstack's Stripe fake, whose signed events come back to the
 * platform's webhook over HTTP: a member authorizes (or fails) on the fake's test page, the event settles the payment and
 * its outcome is published once, however often Stripe delivers it.
 */
class PaymentsIT extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Autowired
    Payments payments;

    @Autowired
    PaymentOutcomesHeard heard;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    JdbcClient jdbc;

    private StripeFake fake;

    @BeforeEach
    void eventsToThisPlatform() {
        stack().stripe().sendEventsToPlatformOn(port);
        fake = stack().stripe().fake();
    }

    @AfterEach
    void noDuplicates() {
        fake.webhooks().duplicateDeliveries = false;
    }

    @Test
    void aPaymentAuthorizedOnTheTestPageSucceedsAndIsPublishedOnceThoughStripeDeliversTheEventTwice() throws Exception {
        var tenant = fixtures.tenant("pay-ok");
        String reference = "order-" + UUID.randomUUID();
        fake.webhooks().duplicateDeliveries = true;

        Payments.Payment started = as(tenant, () -> payments.start(charge(reference, 3_000, Payments.Method.ALIPAY)));

        assertThat(started.status()).isEqualTo(Payments.Status.REQUIRES_ACTION);
        assertThat(started.intentId()).startsWith("pi_");
        assertThat(started.redirectUrl()).isEqualTo(fake.paymentPage(started.intentId()).toString());
        var page = BROWSER.send(HttpRequest.newBuilder(URI.create(started.redirectUrl())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("Authorize test payment", "Fail test payment");
        var back = pressOnPage(started.intentId(), "authorize");
        assertThat(back.statusCode()).isEqualTo(303);
        assertThat(back.headers().firstValue("Location").orElseThrow()).startsWith("https://mall.example/orders/return?payment_intent=" + started.intentId());

        await().atMost(WAIT).until(() -> status(tenant, reference) == Payments.Status.SUCCEEDED);
        Webhooks.Event event = fake.webhooks().eventsAbout(started.intentId()).stream()
                .filter(e -> e.type().equals("payment_intent.succeeded")).findFirst().orElseThrow();
        await().atMost(WAIT).until(() -> event.acknowledged() == 2);
        assertThat(heard.about(reference)).containsExactly(new PaymentSucceeded(tenant.id(), reference, started.intentId(), 3_000));
        assertThat(count(tenant, "select count(*) from platform.payment_event where event_id = ?", event.id())).isEqualTo(1);

        // Starting the same reference again answers the same payment, as it is now.
        Payments.Payment again = as(tenant, () -> payments.start(charge(reference, 3_000, Payments.Method.ALIPAY)));
        assertThat(again.intentId()).isEqualTo(started.intentId());
        assertThat(again.status()).isEqualTo(Payments.Status.SUCCEEDED);
        assertThat(again.redirectUrl()).isNull();
        assertThat(heard.about(reference)).hasSize(1);
    }

    @Test
    void aFailedAuthorizationFailsThePaymentForGoodWithAStableReason() throws Exception {
        var tenant = fixtures.tenant("pay-fail");
        String reference = "order-" + UUID.randomUUID();

        Payments.Payment started = as(tenant, () -> payments.start(charge(reference, 1_990, Payments.Method.WECHAT_PAY)));
        assertThat(started.status()).isEqualTo(Payments.Status.REQUIRES_ACTION);
        assertThat(pressOnPage(started.intentId(), "fail").headers().firstValue("Location").orElseThrow()).endsWith("redirect_status=failed");

        await().atMost(WAIT).until(() -> status(tenant, reference) == Payments.Status.FAILED);
        Payments.Payment failed = as(tenant, () -> payments.find(reference)).orElseThrow();
        assertThat(failed.failure()).isEqualTo("payment_intent_authentication_failure");
        assertThat(failed.redirectUrl()).isNull();
        assertThat(heard.about(reference)).containsExactly(
                new PaymentFailed(tenant.id(), reference, started.intentId(), "payment_intent_authentication_failure"));
        // Canceling what failed changes nothing and publishes nothing more.
        assertThat(as(tenant, () -> payments.cancel(reference)).status()).isEqualTo(Payments.Status.FAILED);
        assertThat(heard.about(reference)).hasSize(1);
    }

    @Test
    void aPaymentWaitingForTheMemberIsCanceledOnceAndASucceededOneIsNot() throws Exception {
        var tenant = fixtures.tenant("pay-cancel");
        String reference = "order-" + UUID.randomUUID();
        Payments.Payment started = as(tenant, () -> payments.start(charge(reference, 500, Payments.Method.ALIPAY)));

        Payments.Payment canceled = as(tenant, () -> payments.cancel(reference));

        assertThat(canceled.status()).isEqualTo(Payments.Status.CANCELED);
        assertThat(canceled.failure()).isEqualTo("canceled:abandoned");
        assertThat(fake.status(started.intentId())).isEqualTo("canceled");
        assertThat(as(tenant, () -> payments.cancel(reference)).status()).isEqualTo(Payments.Status.CANCELED);
        // Stripe's event about the cancellation arrives too, and is recognised as nothing new.
        await().atMost(WAIT).until(() -> fake.webhooks().eventsAbout(started.intentId()).stream()
                .anyMatch(e -> e.type().equals("payment_intent.canceled") && e.acknowledged() == 1));
        assertThat(heard.about(reference)).containsExactly(new PaymentFailed(tenant.id(), reference, started.intentId(), "canceled:abandoned"));
        // The page no longer takes an authorization.
        assertThat(pressOnPage(started.intentId(), "authorize").statusCode()).isEqualTo(400);

        String paid = paidOrder(tenant, 800);
        assertThatThrownBy(() -> as(tenant, () -> payments.cancel(paid)))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProblemKind.REFUSED);
                    assertThat(e.type()).isEqualTo("payment-succeeded");
                });
    }

    @Test
    void aSucceededPaymentIsRefundedInPartsAndInFullOncePerKeyButNeverBeyondWhatIsLeft() throws Exception {
        var tenant = fixtures.tenant("pay-refund");
        String reference = paidOrder(tenant, 3_000);
        String intent = as(tenant, () -> payments.find(reference)).orElseThrow().intentId();

        Payments.Refund part = as(tenant, () -> payments.refund("refund-1", reference, 1_000));
        Payments.Refund replay = as(tenant, () -> payments.refund("refund-1", reference, 1_000));

        assertThat(part.refundId()).startsWith("re_");
        assertThat(part.amountFen()).isEqualTo(1_000);
        assertThat(replay.refundId()).isEqualTo(part.refundId());
        assertThatThrownBy(() -> as(tenant, () -> payments.refund("refund-2", reference, 2_001)))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProblemKind.INVALID);
                    assertThat(e.errors()).singleElement().satisfies(error -> assertThat(error.field()).isEqualTo("amountFen"));
                });
        assertThatThrownBy(() -> as(tenant, () -> payments.refund("refund-1", reference, 999)))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.kind()).isEqualTo(ProblemKind.CONFLICT));
        Payments.Refund rest = as(tenant, () -> payments.refund("refund-2", reference, 2_000));
        assertThat(rest.refundId()).isNotEqualTo(part.refundId());
        assertThat(as(tenant, () -> payments.find(reference)).orElseThrow().refundedFen()).isEqualTo(3_000);
        assertThat(fake.amountRefunded(intent)).isEqualTo(3_000);
        assertThatThrownBy(() -> as(tenant, () -> payments.refund("refund-3", reference, 1)))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.errors()).extracting(error -> error.field()).containsExactly("amountFen"));

        String waiting = "order-" + UUID.randomUUID();
        as(tenant, () -> payments.start(charge(waiting, 100, Payments.Method.ALIPAY)));
        assertThatThrownBy(() -> as(tenant, () -> payments.refund("refund-4", waiting, 100)))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.type()).isEqualTo("payment-not-succeeded"));
    }

    @Test
    void aStartRepeatedAfterACrashGetsStripesFirstIntentAndAnotherChargeUnderTheReferenceIsRefused() {
        var tenant = fixtures.tenant("pay-replay");
        String reference = "order-" + UUID.randomUUID();
        Payments.Payment first = as(tenant, () -> payments.start(charge(reference, 1_200, Payments.Method.ALIPAY)));
        // As if the platform died after Stripe made the intent and before it was kept: the payment is STARTING again.
        as(tenant, () -> transaction.execute(status -> jdbc.sql("""
                        update platform.payment set intent_id = null, status = 'STARTING', redirect_url = null
                        where tenant_id = platform.current_tenant() and reference = ?""").param(reference).update()));
        assertThat(as(tenant, () -> payments.find(reference))).isEmpty();

        Payments.Payment again = as(tenant, () -> payments.start(charge(reference, 1_200, Payments.Method.ALIPAY)));

        assertThat(again.intentId()).isEqualTo(first.intentId());
        assertThat(again.redirectUrl()).isEqualTo(first.redirectUrl());
        assertThatThrownBy(() -> as(tenant, () -> payments.start(charge(reference, 1_300, Payments.Method.ALIPAY))))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.type()).isEqualTo("payment-reference-reused"));
        assertThatThrownBy(() -> as(tenant, () -> payments.start(new Payments.Charge("order-x", UUID.randomUUID(), 100, "x",
                Payments.Method.ALIPAY, "javascript:alert(1)"))))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.errors()).extracting(error -> error.field()).containsExactly("returnUrl"));
    }

    @Test
    void aForgedStaleOrUnsignedEventIsRefusedWith400AndChangesNothing() throws Exception {
        var tenant = fixtures.tenant("pay-forged");
        String reference = "order-" + UUID.randomUUID();
        Payments.Payment started = as(tenant, () -> payments.start(charge(reference, 700, Payments.Method.ALIPAY)));
        String payload = succeededEvent(started.intentId(), tenant.id(), reference);
        String secret = stack().stripe().webhookSecret();
        long now = Instant.now().getEpochSecond();

        for (String signature : new String[] {Webhooks.signatureHeader("whsec_forged", now, payload),
                Webhooks.signatureHeader(secret, now - 600, payload), Webhooks.signatureHeader(secret, now, payload.replace("700", "7")), null}) {
            var answer = postEvent(payload, signature);
            assertThat(answer.status()).as(signature).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.json().get("type").asString()).endsWith("/stripe-signature");
            assertThat(answer.body()).doesNotContain(secret);
        }
        assertThat(status(tenant, reference)).isEqualTo(Payments.Status.REQUIRES_ACTION);
        assertThat(heard.about(reference)).isEmpty();

        // The same event signed with the endpoint's secret now is taken (the refusals above were the signature's).
        assertThat(postEvent(payload, Webhooks.signatureHeader(secret, now, payload)).status()).isEqualTo(200);
        assertThat(status(tenant, reference)).isEqualTo(Payments.Status.SUCCEEDED);
        assertThat(postEvent(payload, Webhooks.signatureHeader(secret, now, payload)).status()).isEqualTo(200);
        assertThat(heard.about(reference)).hasSize(1);
    }

    @Test
    void anEventThatOvertakesTheCreatingCallsAnswerIsRoutedByItsSignedMetadataToItsOwnTenantOnly() throws Exception {
        var tenant = fixtures.tenant("pay-overtake");
        var other = fixtures.tenant("pay-overtake-other");
        String reference = "order-" + UUID.randomUUID();
        Payments.Payment started = as(tenant, () -> payments.start(charge(reference, 700, Payments.Method.ALIPAY)));
        // As if Stripe's event came before the platform kept the intent: no route, the payment still STARTING.
        as(tenant, () -> transaction.execute(status -> jdbc.sql("""
                        update platform.payment set intent_id = null, status = 'STARTING', redirect_url = null
                        where tenant_id = platform.current_tenant() and reference = ?""").param(reference).update()));
        try (var db = stack().superuserConnection("jifen"); var delete = db.prepareStatement("delete from platform.payment_intent_route where intent_id = ?")) {
            delete.setString(1, started.intentId());
            assertThat(delete.executeUpdate()).isEqualTo(1);
        }
        String secret = stack().stripe().webhookSecret();
        long now = Instant.now().getEpochSecond();

        // Metadata naming another tenant finds no payment of that intent there: acknowledged, nothing changes.
        String misrouted = succeededEvent(started.intentId(), other.id(), reference);
        assertThat(postEvent(misrouted, Webhooks.signatureHeader(secret, now, misrouted)).status()).isEqualTo(200);
        assertThat(count(other, "select count(*) from platform.payment_event where intent_id = ?", started.intentId())).isZero();
        assertThat(as(tenant, () -> payments.find(reference))).isEmpty();

        String payload = succeededEvent(started.intentId(), tenant.id(), reference);
        assertThat(postEvent(payload, Webhooks.signatureHeader(secret, now, payload)).status()).isEqualTo(200);

        Payments.Payment settled = as(tenant, () -> payments.find(reference)).orElseThrow();
        assertThat(settled.intentId()).isEqualTo(started.intentId());
        assertThat(settled.status()).isEqualTo(Payments.Status.SUCCEEDED);
        assertThat(heard.about(reference)).containsExactly(new PaymentSucceeded(tenant.id(), reference, started.intentId(), 700));
        // The route is back: the next event finds the tenant without the metadata.
        try (var db = stack().superuserConnection("jifen");
             var route = db.prepareStatement("select tenant_id from platform.payment_intent_route where intent_id = ?")) {
            route.setString(1, started.intentId());
            try (var rows = route.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getObject(1, UUID.class)).isEqualTo(tenant.id());
            }
        }
    }

    @Test
    void anEventBodyOverTheWebhookLimitIsRefusedWith413() {
        String huge = "{\"id\":\"evt_huge\",\"padding\":\"" + "x".repeat(300 * 1024) + "\"}";
        var answer = postEvent(huge, Webhooks.signatureHeader(stack().stripe().webhookSecret(), Instant.now().getEpochSecond(), huge));
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.contentType()).startsWith("application/problem+json");
    }

    @Test
    void anotherTenantCannotSeeCancelOrRefundAPayment() throws Exception {
        var a = fixtures.tenant("pay-iso-a");
        var b = fixtures.tenant("pay-iso-b");
        String reference = paidOrder(a, 900);

        assertThat(as(b, () -> payments.find(reference))).isEmpty();
        assertThatThrownBy(() -> as(b, () -> payments.cancel(reference)))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.kind()).isEqualTo(ProblemKind.NOT_FOUND));
        assertThatThrownBy(() -> as(b, () -> payments.refund("steal", reference, 900)))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.kind()).isEqualTo(ProblemKind.NOT_FOUND));
        assertThat(count(b, "select count(*) from platform.payment where reference = ?", reference)).isZero();
        // The same reference in B is B's own payment, with its own intent.
        Payments.Payment ofB = as(b, () -> payments.start(charge(reference, 900, Payments.Method.ALIPAY)));
        assertThat(ofB.intentId()).isNotEqualTo(as(a, () -> payments.find(reference)).orElseThrow().intentId());
        assertThat(ofB.status()).isEqualTo(Payments.Status.REQUIRES_ACTION);
        assertThat(as(a, () -> payments.find(reference)).orElseThrow().status()).isEqualTo(Payments.Status.SUCCEEDED);
    }

    /** A payment the member authorized, once the platform knows it succeeded. */
    private String paidOrder(Fixtures.TenantFixture tenant, long amountFen) throws Exception {
        String reference = "order-" + UUID.randomUUID();
        Payments.Payment started = as(tenant, () -> payments.start(charge(reference, amountFen, Payments.Method.ALIPAY)));
        assertThat(pressOnPage(started.intentId(), "authorize").statusCode()).isEqualTo(303);
        await().atMost(WAIT).until(() -> status(tenant, reference) == Payments.Status.SUCCEEDED);
        return reference;
    }

    private static Payments.Charge charge(String reference, long amountFen, Payments.Method method) {
        return new Payments.Charge(reference, UUID.nameUUIDFromBytes(reference.getBytes()), amountFen, "积分商城订单 " + reference, method,
                "https://mall.example/orders/return");
    }

    private HttpResponse<Void> pressOnPage(String intentId, String button) throws Exception {
        return BROWSER.send(HttpRequest.newBuilder(URI.create(fake.paymentPage(intentId) + "/" + button)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private Payments.Status status(Fixtures.TenantFixture tenant, String reference) {
        return as(tenant, () -> payments.find(reference)).map(Payments.Payment::status).orElse(null);
    }

    private long count(Fixtures.TenantFixture tenant, String sql, String parameter) {
        return as(tenant, () -> transaction.execute(status -> jdbc.sql(sql).param(parameter).query(Long.class).single()));
    }

    private io.jifen.platform.support.Http.Response postEvent(String payload, String signature) {
        var http = signature == null ? http() : http().withHeader("Stripe-Signature", signature);
        return http.send("POST", LocalStripe.EVENTS_PATH, null, "application/json; charset=utf-8", payload);
    }

    /** A payment_intent.succeeded event as Stripe writes one, about an intent of ours. */
    private static String succeededEvent(String intentId, UUID tenant, String reference) {
        Map<String, Object> intent = new LinkedHashMap<>();
        intent.put("id", intentId);
        intent.put("object", "payment_intent");
        intent.put("amount", 700);
        intent.put("amount_received", 700);
        intent.put("currency", "cny");
        intent.put("metadata", Map.of("tenant_id", tenant.toString(), "reference", reference));
        intent.put("status", "succeeded");
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", "evt_" + UUID.randomUUID().toString().replace("-", ""));
        event.put("object", "event");
        event.put("api_version", "2026-07-29.dahlia");
        event.put("created", Instant.now().getEpochSecond());
        event.put("data", Map.of("object", intent));
        event.put("livemode", false);
        event.put("type", "payment_intent.succeeded");
        return JSON.writeValueAsString(event);
    }

    private static <T> T as(Fixtures.TenantFixture tenant, java.util.function.Supplier<T> work) {
        return TenantContext.callAs(tenant.id(), work);
    }
}
