package io.jifen.billing.internal.collection;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import com.stripe.StripeClient;
import com.stripe.net.Webhook;
import com.stripe.param.RefundCreateParams;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.jifen.billing.BillingIntegrationTest;
import io.jifen.billing.BillingStripe;
import io.jifen.billing.FinalizedInvoices;
import io.jifen.billing.Invoice;
import io.jifen.billing.InvoiceCollection;
import io.jifen.billing.InvoiceCollections;
import io.jifen.stripefake.StripeFake;
import io.jifen.stripefake.Webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stripe's events about an invoice, delivered over HTTP by the Stripe fake to an endpoint that verifies them as the
 * platform's does ({@code Webhook.constructEvent} with a tolerance) and hands them to billing: every event replayed ten
 * times, in a shuffled order and concurrently, gives one payment and the same final state as one delivery in order.
 */
class StripeEventReplayIT extends BillingIntegrationTest {

    @Autowired
    FinalizedInvoices finalized;
    @Autowired
    InvoiceCollections collections;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    BillingStripe stripe;

    private final StripeFake fake = stack().stripe().fake();
    private final StripeClient client = StripeClient.builder().setApiKey(stack().stripe().apiKey()).setApiBase(stack().stripe().apiBase())
            .setMaxNetworkRetries(0).build();
    private HttpServer endpoint;
    private final List<String> refused = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void anEndpointThatVerifiesAndApplies() throws Exception {
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        endpoint.createContext("/events", exchange -> {
            String payload = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status;
            try {
                collections.apply(Webhook.constructEvent(payload, exchange.getRequestHeaders().getFirst("Stripe-Signature"),
                        stack().stripe().webhookSecret(), 300));
                status = 200;
            } catch (Exception e) {
                refused.add(e.toString());
                status = 400;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        endpoint.start();
        fake.webhooks().firstRetry = Duration.ofMillis(100);
    }

    @AfterEach
    void stop() {
        fake.webhooks().sendEventsTo(null);
        endpoint.stop(0);
    }

    @Test
    void everyEventReplayedTenTimesOutOfOrderGivesOnePaymentAndTheRightFinalState() throws Exception {
        Invoice invoice = finalized.of(YearMonth.parse("2034-01"));
        // Nothing is delivered while the invoice is collected: its events are kept, to be delivered below in any order.
        fake.webhooks().sendEventsTo(null);
        // The first charge fails, the tenant pays on the hosted page, then part is refunded and the charge disputed.
        String stripeInvoice = collectedWithAFailedCharge(invoice);
        payOnTheHostedPage(stripeInvoice);
        String intent = fake.invoicePaymentIntent(stripeInvoice).orElseThrow();
        client.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(intent).setAmount(8_014L).build());
        fake.dispute(stripeInvoice);
        List<String> ids = new ArrayList<>(fake.webhooks().eventsAbout(stripeInvoice).stream().map(Webhooks.Event::id).toList());
        fake.webhooks().events().stream().filter(e -> e.payload().contains(intent)
                && (e.type().equals("charge.refunded") || e.type().equals("charge.dispute.created"))).forEach(e -> ids.add(e.id()));
        assertThat(ids).hasSize(5);

        fake.webhooks().sendEventsTo(URI.create("http://127.0.0.1:" + endpoint.getAddress().getPort() + "/events"));
        List<String> deliveries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            deliveries.addAll(ids);
        }
        Collections.shuffle(deliveries, new Random(18));
        // Each resend is delivered on a thread of its own: concurrently, in no particular order.
        deliveries.forEach(fake.webhooks()::resend);

        await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream().allMatch(id -> acknowledged(id) >= 10));
        assertThat(refused).isEmpty();
        InvoiceCollection collection = collections.find(invoice.tenantId(), invoice.id()).orElseThrow();
        assertThat(collection.status()).isEqualTo(InvoiceCollection.Status.PAID);
        assertThat(collection.amountPaidFen()).isEqualTo(108_014);
        assertThat(collection.paymentFailures()).isEqualTo(1);
        assertThat(collection.amountRefundedFen()).isEqualTo(8_014);
        assertThat(collection.disputed()).isTrue();
        assertThat(asTenant(invoice.tenantId(), () -> jdbc.sql("select count(*) from billing.stripe_event where tenant_id = ?")
                .param(invoice.tenantId()).query(Long.class).single())).isEqualTo(5);
    }

    @Test
    void aPaymentFailureThenThePaidEventEndsPaidAndAStaleFailureAfterItDoesNotUnpay() throws Exception {
        Invoice invoice = finalized.of(YearMonth.parse("2034-02"));
        fake.webhooks().sendEventsTo(null);
        String stripeInvoice = collectedWithAFailedCharge(invoice);
        String failed = eventOf(stripeInvoice, "invoice.payment_failed");
        payOnTheHostedPage(stripeInvoice);
        String paid = eventOf(stripeInvoice, "invoice.paid");
        fake.webhooks().sendEventsTo(URI.create("http://127.0.0.1:" + endpoint.getAddress().getPort() + "/events"));

        fake.webhooks().resend(paid);
        await().atMost(Duration.ofSeconds(20)).until(() -> acknowledged(paid) >= 1);
        fake.webhooks().resend(failed);
        await().atMost(Duration.ofSeconds(20)).until(() -> acknowledged(failed) >= 1);

        InvoiceCollection collection = collections.find(invoice.tenantId(), invoice.id()).orElseThrow();
        assertThat(refused).isEmpty();
        assertThat(collection.status()).isEqualTo(InvoiceCollection.Status.PAID);
        assertThat(collection.paymentFailures()).isEqualTo(1);
        assertThat(collection.hostedInvoiceUrl()).isEqualTo(fake.uri() + "/invoice/" + stripeInvoice);
    }

    /** Pushes the invoice to Stripe with the tenant's payments failing (its customer made first, as the push makes it); answers the Stripe invoice. */
    private String collectedWithAFailedCharge(Invoice invoice) {
        String customer = stripe.createCustomer(invoice.tenantId(), "Jifen 租户 " + invoice.tenantId());
        fake.failPaymentsOf(customer, true);
        collections.pushDue(Instant.now());
        fake.failPaymentsOf(customer, false);
        InvoiceCollection open = collections.find(invoice.tenantId(), invoice.id()).orElseThrow();
        assertThat(open.status()).isEqualTo(InvoiceCollection.Status.OPEN);
        return open.stripeInvoiceId();
    }

    private void payOnTheHostedPage(String stripeInvoice) throws Exception {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(fake.uri() + "/invoice/" + stripeInvoice + "/pay"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(fake.invoiceStatus(stripeInvoice)).isEqualTo("paid");
    }

    private String eventOf(String stripeInvoice, String type) {
        return fake.webhooks().eventsAbout(stripeInvoice).stream().filter(e -> e.type().equals(type)).map(Webhooks.Event::id).findFirst().orElseThrow();
    }

    private int acknowledged(String eventId) {
        return fake.webhooks().events().stream().filter(e -> e.id().equals(eventId)).findFirst().orElseThrow().acknowledged();
    }
}
