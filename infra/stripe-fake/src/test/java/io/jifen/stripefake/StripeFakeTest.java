package io.jifen.stripefake;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.stripe.StripeClient;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Charge;
import com.stripe.model.Customer;
import com.stripe.model.Dispute;
import com.stripe.model.Event;
import com.stripe.model.Invoice;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.net.FormEncoder;
import com.stripe.net.RequestOptions;
import com.stripe.net.Webhook;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.InvoiceCreateParams;
import com.stripe.param.InvoiceFinalizeInvoiceParams;
import com.stripe.param.InvoiceItemCreateParams;
import com.stripe.param.InvoicePayParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.RefundCreateParams;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The fake speaks what the real stripe-java client sends and reads: its form encoding, objects, errors and signatures. */
class StripeFakeTest {

    private static final String KEY = "sk_test_fake_" + Ids.random(12);
    private static final String SECRET = "whsec_" + Ids.random(24);

    private final StripeFake fake = new StripeFake(KEY, SECRET, 0).start();
    private final StripeClient client = StripeClient.builder().setApiKey(KEY).setApiBase(fake.uri().toString()).setMaxNetworkRetries(0).build();
    private HttpServer receiver;

    @AfterEach
    void stop() {
        fake.close();
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void decodesStripeJavasNestedFormEncoding() {
        var params = PaymentIntentCreateParams.builder().setAmount(1_250L).setCurrency("cny")
                .addPaymentMethodType("alipay").addPaymentMethodType("wechat_pay")
                .putMetadata("tenant_id", "t-1").putMetadata("reference", "订单 1&2=3")
                .setPaymentMethodData(PaymentIntentCreateParams.PaymentMethodData.builder().setType(PaymentIntentCreateParams.PaymentMethodData.Type.ALIPAY).build())
                .setConfirm(true).setReturnUrl("https://mall.example/return?x=1").build();

        FormBody form = FormBody.parse(FormEncoder.createQueryString(params.toMap()));

        assertThat(form.integer("amount")).isEqualTo(1_250L);
        assertThat(form.string("currency")).isEqualTo("cny");
        assertThat(form.strings("payment_method_types")).containsExactly("alipay", "wechat_pay");
        assertThat(form.stringMap("metadata")).containsEntry("tenant_id", "t-1").containsEntry("reference", "订单 1&2=3");
        assertThat(form.string("payment_method_data", "type")).isEqualTo("alipay");
        assertThat(form.bool("confirm")).isTrue();
        assertThat(form.string("return_url")).isEqualTo("https://mall.example/return?x=1");
    }

    @Test
    void decodesAppendedListsAndRefusesMalformedKeys() {
        assertThat(FormBody.parse("payment_method_types[]=card&payment_method_types[]=alipay").strings("payment_method_types"))
                .containsExactly("card", "alipay");
        assertThat(FormBody.parse("a[2]=z&a[10]=y&a[0]=x").strings("a")).containsExactly("x", "z", "y");
        for (String bad : List.of("[x]=1", "a[b=1", "a[b]c=1", "a=1&a[b]=2", "a[b]=1&a=2")) {
            assertThatThrownBy(() -> FormBody.parse(bad)).as(bad).isInstanceOf(StripeFakeException.class)
                    .satisfies(e -> assertThat(((StripeFakeException) e).status()).isEqualTo(400));
        }
    }

    @Test
    void signsEventsSoThatStripeJavaVerifiesThemAndRefusesAnyOtherPayloadSecretOrTime() throws Exception {
        String payload = "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\",\"data\":{\"object\":{\"id\":\"pi_1\",\"object\":\"payment_intent\"}}}";
        long now = Instant.now().getEpochSecond();

        Event event = Webhook.constructEvent(payload, Webhooks.signatureHeader(SECRET, now, payload), SECRET, 300);

        assertThat(event.getId()).isEqualTo("evt_1");
        assertThatThrownBy(() -> Webhook.constructEvent(payload.replace("pi_1", "pi_2"), Webhooks.signatureHeader(SECRET, now, payload), SECRET, 300))
                .isInstanceOf(SignatureVerificationException.class);
        assertThatThrownBy(() -> Webhook.constructEvent(payload, Webhooks.signatureHeader("whsec_other", now, payload), SECRET, 300))
                .isInstanceOf(SignatureVerificationException.class);
        assertThatThrownBy(() -> Webhook.constructEvent(payload, Webhooks.signatureHeader(SECRET, now - 301, payload), SECRET, 300))
                .isInstanceOf(SignatureVerificationException.class);
    }

    @Test
    void anAlipayPaymentWaitsForTheTestPageThenSucceedsAndIsRefundedInPartsNeverBeyondWhatWasReceived() throws Exception {
        var received = new ConcurrentLinkedQueue<Event>();
        receiveEvents(received);
        PaymentIntent intent = client.v1().paymentIntents().create(alipay(3_000, "order-1"));

        assertThat(intent.getStatus()).isEqualTo("requires_action");
        assertThat(intent.getId()).startsWith("pi_");
        assertThat(intent.getClientSecret()).startsWith(intent.getId() + "_secret_");
        assertThat(intent.getMetadata()).containsEntry("reference", "order-1");
        String pageUrl = intent.getNextAction().getRedirectToUrl().getUrl();
        assertThat(pageUrl).isEqualTo(fake.paymentPage(intent.getId()).toString());

        var http = HttpClient.newHttpClient();
        var page = http.send(HttpRequest.newBuilder(URI.create(pageUrl)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("Authorize test payment", "Fail test payment", "CNY 30.00");
        var back = http.send(HttpRequest.newBuilder(URI.create(pageUrl + "/authorize")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(back.statusCode()).isEqualTo(303);
        assertThat(back.headers().firstValue("Location").orElseThrow())
                .startsWith("https://mall.example/return?payment_intent=" + intent.getId()).endsWith("&redirect_status=succeeded");

        PaymentIntent paid = client.v1().paymentIntents().retrieve(intent.getId());
        assertThat(paid.getStatus()).isEqualTo("succeeded");
        assertThat(paid.getAmountReceived()).isEqualTo(3_000L);
        assertThat(paid.getLatestCharge()).startsWith("ch_");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().anyMatch(e -> e.getType().equals("payment_intent.succeeded")));
        Event succeeded = received.stream().filter(e -> e.getType().equals("payment_intent.succeeded")).findFirst().orElseThrow();
        assertThat(((PaymentIntent) succeeded.getDataObjectDeserializer().getObject().orElseThrow()).getId()).isEqualTo(intent.getId());

        Refund part = client.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(intent.getId()).setAmount(1_000L).build());
        assertThat(part.getAmount()).isEqualTo(1_000L);
        assertThat(part.getStatus()).isEqualTo("succeeded");
        assertThat(client.v1().refunds().retrieve(part.getId()).getPaymentIntent()).isEqualTo(intent.getId());
        assertThatThrownBy(() -> client.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(intent.getId()).setAmount(2_001L).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getCode()).isEqualTo("amount_too_large");
                    assertThat(e.getParam()).isEqualTo("amount");
                });
        Refund rest = client.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(intent.getId()).build());
        assertThat(rest.getAmount()).isEqualTo(2_000L);
        assertThat(fake.amountRefunded(intent.getId())).isEqualTo(3_000L);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().filter(e -> e.getType().equals("charge.refunded")).count() == 2);
    }

    @Test
    void aFailedAuthorizationLeavesTheIntentWantingAPaymentMethodWithTheErrorAndItCanBeCanceledOnce() throws Exception {
        PaymentIntent intent = client.v1().paymentIntents().create(alipay(500, "order-2"));
        var back = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(fake.paymentPage(intent.getId()) + "/fail"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(back.headers().firstValue("Location").orElseThrow()).endsWith("redirect_status=failed");

        PaymentIntent failed = client.v1().paymentIntents().retrieve(intent.getId());
        assertThat(failed.getStatus()).isEqualTo("requires_payment_method");
        assertThat(failed.getLastPaymentError().getCode()).isEqualTo("payment_intent_authentication_failure");

        assertThat(client.v1().paymentIntents().cancel(intent.getId()).getStatus()).isEqualTo("canceled");
        assertThatThrownBy(() -> client.v1().paymentIntents().cancel(intent.getId()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getCode()).isEqualTo("payment_intent_unexpected_state"));
    }

    @Test
    void theSameIdempotencyKeyAnswersTheFirstIntentAndRefusesOtherParameters() throws Exception {
        var key = RequestOptions.builder().setIdempotencyKey("jifen:test:" + Ids.random(8)).build();

        PaymentIntent first = client.v1().paymentIntents().create(alipay(800, "order-3"), key);
        PaymentIntent again = client.v1().paymentIntents().create(alipay(800, "order-3"), key);

        assertThat(again.getId()).isEqualTo(first.getId());
        assertThatThrownBy(() -> client.v1().paymentIntents().create(alipay(900, "order-3"), key)).isInstanceOf(IdempotencyException.class);
    }

    @Test
    void refusesAWrongKeyAndUnknownObjectsAsStripeDoes() {
        var stranger = StripeClient.builder().setApiKey("sk_test_wrong").setApiBase(fake.uri().toString()).setMaxNetworkRetries(0).build();
        assertThatThrownBy(() -> stranger.v1().paymentIntents().retrieve("pi_x")).isInstanceOf(com.stripe.exception.AuthenticationException.class);
        assertThatThrownBy(() -> client.v1().paymentIntents().retrieve("pi_unknown"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));
        assertThatThrownBy(() -> client.v1().paymentIntents().create(PaymentIntentCreateParams.builder().setCurrency("cny").build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getParam()).isEqualTo("amount"));
    }

    @Test
    void resendsAnEventUntilItIsAcknowledgedAndOnceMoreWhenDuplicatesAreOn() throws Exception {
        var answers = new java.util.concurrent.atomic.AtomicInteger();
        var received = new ConcurrentLinkedQueue<Event>();
        receiver = HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/events", exchange -> {
            String payload = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int status = answers.incrementAndGet() == 1 ? 500 : 200;
            if (status == 200) {
                try {
                    received.add(Webhook.constructEvent(payload, exchange.getRequestHeaders().getFirst("Stripe-Signature"), SECRET, 300));
                } catch (SignatureVerificationException e) {
                    status = 400;
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        fake.webhooks().firstRetry = Duration.ofMillis(50);
        fake.webhooks().duplicateDeliveries = true;
        fake.webhooks().sendEventsTo(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/events"));

        PaymentIntent intent = client.v1().paymentIntents().create(alipay(100, "order-4"));
        client.v1().paymentIntents().cancel(intent.getId());

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
        assertThat(received).extracting(Event::getType).containsOnly("payment_intent.canceled");
        assertThat(received).extracting(Event::getId).containsOnly(fake.webhooks().eventsAbout(intent.getId()).getFirst().id());
        assertThat(fake.webhooks().eventsAbout(intent.getId()).getFirst().attempts()).isEqualTo(3);
    }

    @Test
    void anInvoiceCollectedAutomaticallyIsFinalizedPaidAndShownOnItsHostedPageThenRefundedAndDisputed() throws Exception {
        var received = new ConcurrentLinkedQueue<Event>();
        receiveEvents(received);
        Customer customer = client.v1().customers().create(CustomerCreateParams.builder().setName("品牌 A").putMetadata("tenant_id", "t-1").build(),
                RequestOptions.builder().setIdempotencyKey("cus-t-1").build());
        Customer again = client.v1().customers().create(CustomerCreateParams.builder().setName("品牌 A").putMetadata("tenant_id", "t-1").build(),
                RequestOptions.builder().setIdempotencyKey("cus-t-1").build());
        assertThat(again.getId()).isEqualTo(customer.getId()).startsWith("cus_");

        Invoice draft = client.v1().invoices().create(invoice(customer.getId(), "jf-1"));
        assertThat(draft.getStatus()).isEqualTo("draft");
        assertThat(draft.getHostedInvoiceUrl()).isNull();
        item(customer.getId(), draft.getId(), 10_000, "Base fee");
        item(customer.getId(), draft.getId(), 600, "VAT 6 %");

        Invoice paid = client.v1().invoices().finalizeInvoice(draft.getId(), InvoiceFinalizeInvoiceParams.builder().build());

        assertThat(paid.getStatus()).isEqualTo("paid");
        assertThat(paid.getNumber()).startsWith("FAKE-");
        assertThat(paid.getAmountDue()).isEqualTo(10_600L);
        assertThat(paid.getAmountPaid()).isEqualTo(10_600L);
        assertThat(paid.getMetadata()).containsEntry("invoice_id", "jf-1");
        assertThat(paid.getLines().getData()).extracting(line -> line.getAmount()).containsExactly(10_000L, 600L);
        String intent = paid.getPayments().getData().getFirst().getPayment().getPaymentIntent();
        assertThat(intent).isEqualTo(fake.invoicePaymentIntent(paid.getId()).orElseThrow());
        var page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(paid.getHostedInvoiceUrl())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(paid.getNumber(), "CNY 106.00", "paid").doesNotContain("Pay invoice");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().map(Event::getType).toList()
                .containsAll(List.of("invoice.finalized", "invoice.paid")));
        assertThatThrownBy(() -> client.v1().invoices().finalizeInvoice(draft.getId(), InvoiceFinalizeInvoiceParams.builder().build()))
                .isInstanceOf(InvalidRequestException.class);

        client.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(intent).setAmount(600L).build());
        fake.dispute(paid.getId());
        await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().map(Event::getType).toList()
                .containsAll(List.of("charge.refunded", "charge.dispute.created")));
        Event refunded = received.stream().filter(e -> e.getType().equals("charge.refunded")).findFirst().orElseThrow();
        Charge charge = (Charge) refunded.getDataObjectDeserializer().getObject().orElseThrow();
        assertThat(charge.getCustomer()).isEqualTo(customer.getId());
        assertThat(charge.getPaymentIntent()).isEqualTo(intent);
        assertThat(charge.getAmountRefunded()).isEqualTo(600L);
        Event disputed = received.stream().filter(e -> e.getType().equals("charge.dispute.created")).findFirst().orElseThrow();
        assertThat(((Dispute) disputed.getDataObjectDeserializer().getObject().orElseThrow()).getPaymentIntent()).isEqualTo(intent);
    }

    @Test
    void aCustomerWhosePaymentsFailLeavesTheInvoiceOpenUntilPaidOnItsHostedPageOrOutOfBand() throws Exception {
        var received = new ConcurrentLinkedQueue<Event>();
        receiveEvents(received);
        Customer customer = client.v1().customers().create(CustomerCreateParams.builder().setName("品牌 B").build());
        fake.failPaymentsOf(customer.getId(), true);
        Invoice draft = client.v1().invoices().create(invoice(customer.getId(), "jf-2"));
        item(customer.getId(), draft.getId(), 5_000, "Base fee");

        Invoice open = client.v1().invoices().finalizeInvoice(draft.getId(), InvoiceFinalizeInvoiceParams.builder().build());

        assertThat(open.getStatus()).isEqualTo("open");
        assertThat(open.getAttemptCount()).isEqualTo(1L);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().anyMatch(e -> e.getType().equals("invoice.payment_failed")));
        var http = HttpClient.newHttpClient();
        var declined = http.send(HttpRequest.newBuilder(URI.create(open.getHostedInvoiceUrl() + "/pay")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(declined.body()).contains("Your card was declined.", "Pay invoice");
        assertThat(fake.invoiceStatus(open.getId())).isEqualTo("open");

        fake.failPaymentsOf(customer.getId(), false);
        var paid = http.send(HttpRequest.newBuilder(URI.create(open.getHostedInvoiceUrl() + "/pay")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(paid.body()).contains("Payment succeeded.");
        assertThat(client.v1().invoices().retrieve(open.getId()).getStatus()).isEqualTo("paid");

        Invoice other = client.v1().invoices().create(invoice(customer.getId(), "jf-3"));
        item(customer.getId(), other.getId(), 700, "Base fee");
        fake.failPaymentsOf(customer.getId(), true);
        client.v1().invoices().finalizeInvoice(other.getId(), InvoiceFinalizeInvoiceParams.builder().build());
        Invoice outOfBand = client.v1().invoices().pay(other.getId(), InvoicePayParams.builder().setPaidOutOfBand(true).build());
        assertThat(outOfBand.getStatus()).isEqualTo("paid");
        assertThat(outOfBand.getAmountPaid()).isZero();
    }

    private static InvoiceCreateParams invoice(String customer, String ours) {
        return InvoiceCreateParams.builder().setCustomer(customer).setCurrency("cny")
                .setCollectionMethod(InvoiceCreateParams.CollectionMethod.CHARGE_AUTOMATICALLY).setAutoAdvance(true)
                .putMetadata("invoice_id", ours).build();
    }

    private void item(String customer, String invoice, long amount, String description) throws Exception {
        client.v1().invoiceItems().create(InvoiceItemCreateParams.builder().setCustomer(customer).setInvoice(invoice).setAmount(amount)
                .setCurrency("cny").setDescription(description).build());
    }

    private void receiveEvents(ConcurrentLinkedQueue<Event> received) throws Exception {
        receiver = HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/events", exchange -> {
            String payload = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            try {
                received.add(Webhook.constructEvent(payload, exchange.getRequestHeaders().getFirst("Stripe-Signature"), SECRET, 300));
                exchange.sendResponseHeaders(200, -1);
            } catch (SignatureVerificationException e) {
                exchange.sendResponseHeaders(400, -1);
            }
            exchange.close();
        });
        receiver.start();
        fake.webhooks().sendEventsTo(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/events"));
    }

    private static PaymentIntentCreateParams alipay(long amountFen, String reference) {
        return PaymentIntentCreateParams.builder().setAmount(amountFen).setCurrency("cny").addPaymentMethodType("alipay")
                .putMetadata("reference", reference).setDescription("积分商城订单 " + reference)
                .setPaymentMethodData(PaymentIntentCreateParams.PaymentMethodData.builder()
                        .setType(PaymentIntentCreateParams.PaymentMethodData.Type.ALIPAY).build())
                .setConfirm(true).setReturnUrl("https://mall.example/return").build();
    }
}
