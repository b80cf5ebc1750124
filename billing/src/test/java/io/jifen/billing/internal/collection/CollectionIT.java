package io.jifen.billing.internal.collection;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;

import com.stripe.StripeClient;
import com.stripe.model.InvoiceLineItem;
import org.junit.jupiter.api.AfterEach;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finalized invoices reach Stripe through the real stripe-java client and the stack's Stripe fake: one customer per
 * tenant, one Stripe invoice per invoice with its lines and their tax, collected automatically, its hosted page stored;
 * a Stripe outage delays the push and loses nothing, and a push repeated after a crash makes no second Stripe invoice.
 */
class CollectionIT extends BillingIntegrationTest {

    @Autowired
    FinalizedInvoices finalized;
    @Autowired
    InvoiceCollections collections;
    @Autowired
    BillingStripe stripe;
    @Autowired
    JdbcClient jdbc;

    private final StripeFake fake = stack().stripe().fake();
    private final StripeClient client = StripeClient.builder().setApiKey(stack().stripe().apiKey()).setApiBase(stack().stripe().apiBase())
            .setMaxNetworkRetries(0).build();

    @AfterEach
    void stripeBackUp() {
        fake.outage = false;
    }

    @Test
    void aFinalizedInvoiceBecomesAStripeInvoiceWithItsLinesAndTaxIsChargedAutomaticallyAndLinksItsHostedPage() throws Exception {
        Invoice invoice = finalized.of(YearMonth.parse("2033-01"));
        assertThat(collections.find(invoice.tenantId(), invoice.id()).orElseThrow().status()).isEqualTo(InvoiceCollection.Status.PENDING);

        collections.pushDue(Instant.now());

        InvoiceCollection collection = collections.find(invoice.tenantId(), invoice.id()).orElseThrow();
        assertThat(collection.status()).isEqualTo(InvoiceCollection.Status.PAID);
        assertThat(collection.paidBy()).isEqualTo("STRIPE");
        assertThat(collection.amountDueFen()).isEqualTo(108_014);
        assertThat(collection.amountPaidFen()).isEqualTo(108_014);
        var atStripe = client.v1().invoices().retrieve(collection.stripeInvoiceId());
        assertThat(atStripe.getCollectionMethod()).isEqualTo("charge_automatically");
        assertThat(atStripe.getCurrency()).isEqualTo("cny");
        assertThat(atStripe.getMetadata()).containsEntry("invoice_id", invoice.id().toString()).containsEntry("tenant_id", invoice.tenantId().toString());
        // Base fee 999.00 and its VAT 59.94, overage 20.00 and its VAT 1.20.
        assertThat(atStripe.getLines().getData()).extracting(InvoiceLineItem::getAmount).containsExactly(99_900L, 5_994L, 2_000L, 120L);
        assertThat(atStripe.getTotal()).isEqualTo(invoice.totalFen());
        assertThat(collection.hostedInvoiceUrl()).isEqualTo(atStripe.getHostedInvoiceUrl()).startsWith(fake.uri() + "/invoice/");
        var page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(collection.hostedInvoiceUrl())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("CNY 1080.14", "paid");
    }

    @Test
    void aStripeOutageLeavesTheInvoiceQueuedAndALaterPushCollectsItOnce() {
        Invoice invoice = finalized.of(YearMonth.parse("2033-02"));
        fake.outage = true;
        Instant now = Instant.now();

        collections.pushDue(now);

        InvoiceCollection queued = collections.find(invoice.tenantId(), invoice.id()).orElseThrow();
        assertThat(queued.status()).isEqualTo(InvoiceCollection.Status.PENDING);
        assertThat(asTenant(invoice.tenantId(), () -> jdbc.sql("select push_attempts from billing.invoice_collection where tenant_id = ? and invoice_id = ?")
                .params(invoice.tenantId(), invoice.id()).query(Integer.class).single())).isEqualTo(1);
        fake.outage = false;
        collections.pushDue(now);
        assertThat(collections.find(invoice.tenantId(), invoice.id()).orElseThrow().status()).as("not before its next attempt")
                .isEqualTo(InvoiceCollection.Status.PENDING);

        collections.pushDue(now.plus(Duration.ofMinutes(2)));

        InvoiceCollection collected = collections.find(invoice.tenantId(), invoice.id()).orElseThrow();
        assertThat(collected.status()).isEqualTo(InvoiceCollection.Status.PAID);
        String customer = asTenant(invoice.tenantId(), () -> jdbc.sql("select customer_id from billing.stripe_customer where tenant_id = ?")
                .param(invoice.tenantId()).query(String.class).single());
        assertThat(fake.invoicesOf(customer)).containsExactly(collected.stripeInvoiceId());
    }

    @Test
    void aPushRepeatedAfterACrashUsesTheStripeInvoiceAndCustomerTheFirstAttemptMade() {
        Invoice invoice = finalized.of(YearMonth.parse("2033-03"));
        // What a process that died right after Stripe answered has left: a customer and a draft Stripe has, ids we never stored.
        String customer = stripe.createCustomer(invoice.tenantId(), "Jifen 租户 " + invoice.tenantId());
        String draft = stripe.createDraft(customer, invoice);

        collections.pushDue(Instant.now());

        InvoiceCollection collection = collections.find(invoice.tenantId(), invoice.id()).orElseThrow();
        assertThat(collection.stripeInvoiceId()).isEqualTo(draft);
        assertThat(collection.status()).isEqualTo(InvoiceCollection.Status.PAID);
        assertThat(fake.invoicesOf(customer)).containsExactly(draft);
    }
}
