package io.jifen.billing.internal.dunning;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.jifen.billing.BillingIntegrationTest;
import io.jifen.billing.BillingStripe;
import io.jifen.billing.Dunning;
import io.jifen.billing.DunningNotice;
import io.jifen.billing.DunningStep;
import io.jifen.billing.FinalizedInvoices;
import io.jifen.billing.Invoice;
import io.jifen.billing.InvoiceCollection;
import io.jifen.billing.InvoiceCollections;
import io.jifen.billing.OverdueTenant;
import io.jifen.billing.RecordingDunningActions;
import io.jifen.billing.Standing;
import io.jifen.stripefake.StripeFake;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dunning with the application's clock set day by day: an unpaid invoice (the tenant's card declined) is reminded on
 * day 3 after its due date, warned on day 7, pauses the mall on day 14 and suspends the tenant on day 30, each step once;
 * a payment restores the tenant at once, lifting only a suspension dunning made.
 */
class DunningIT extends BillingIntegrationTest {

    @Autowired
    FinalizedInvoices finalized;
    @Autowired
    InvoiceCollections collections;
    @Autowired
    BillingStripe stripe;
    @Autowired
    Dunning dunning;
    @Autowired
    RecordingDunningActions actions;

    private final StripeFake fake = stack().stripe().fake();

    /** A finalized invoice whose charge was declined, finalized at {@code finalizedAt} (02:00 Beijing time that day). */
    private Invoice unpaid(YearMonth period, Instant finalizedAt) {
        clock.setTo(finalizedAt);
        Invoice invoice = finalized.of(period);
        String customer = stripe.createCustomer(invoice.tenantId(), "Jifen 租户 " + invoice.tenantId());
        fake.failPaymentsOf(customer, true);
        collections.pushDue(finalizedAt);
        assertThat(collections.find(invoice.tenantId(), invoice.id()).orElseThrow().status()).isEqualTo(InvoiceCollection.Status.OPEN);
        return invoice;
    }

    private void day(Instant finalizedAt, int days) {
        clock.setTo(finalizedAt.plus(Duration.ofDays(days)));
        dunning.runDaily();
    }

    @Test
    void eachStepOnItsDayOnceThenABankTransferRestoresTheTenantAtOnce() {
        Instant finalizedAt = Instant.parse("2035-02-03T18:00:00Z");
        Invoice invoice = unpaid(YearMonth.parse("2035-01"), finalizedAt);
        UUID tenant = invoice.tenantId();

        day(finalizedAt, 2);
        assertThat(actions.of(tenant)).isEmpty();
        day(finalizedAt, 3);
        assertThat(actions.of(tenant)).extracting(DunningNotice::step).containsExactly(DunningStep.REMINDER);
        DunningNotice reminder = actions.of(tenant).getFirst();
        assertThat(reminder.amountDueFen()).isEqualTo(108_014);
        assertThat(reminder.invoiceNumber()).isEqualTo(invoice.number());
        assertThat(reminder.hostedInvoiceUrl()).startsWith(fake.uri() + "/invoice/");
        day(finalizedAt, 6);
        assertThat(actions.of(tenant)).hasSize(1);
        day(finalizedAt, 7);
        assertThat(actions.of(tenant)).extracting(DunningNotice::step).containsExactly(DunningStep.REMINDER, DunningStep.WARNING);
        day(finalizedAt, 13);
        assertThat(dunning.standing(tenant).mallPaused()).isFalse();
        day(finalizedAt, 14);
        assertThat(dunning.standing(tenant).mallPaused()).isTrue();
        assertThat(actions.suspended).doesNotContain(tenant);
        day(finalizedAt, 29);
        assertThat(actions.suspended).doesNotContain(tenant);
        day(finalizedAt, 30);
        day(finalizedAt, 30);
        assertThat(actions.suspended).contains(tenant);
        assertThat(actions.of(tenant)).extracting(DunningNotice::step)
                .containsExactly(DunningStep.REMINDER, DunningStep.WARNING, DunningStep.MALL_PAUSED, DunningStep.SUSPENDED);
        assertThat(dunning.overdue()).filteredOn(o -> o.tenantId().equals(tenant)).singleElement().satisfies(o -> {
            assertThat(o.daysOverdue()).isEqualTo(30);
            assertThat(o.unpaidFen()).isEqualTo(108_014);
            assertThat(o.lastStep()).isEqualTo(DunningStep.SUSPENDED);
            assertThat(o.standing().mallPaused()).isTrue();
        });

        InvoiceCollection paid = collections.markPaid(tenant, invoice.id(), "ICBC 2035-03-05 #889");

        assertThat(paid.status()).isEqualTo(InvoiceCollection.Status.PAID);
        assertThat(paid.paidBy()).isEqualTo("BANK_TRANSFER");
        assertThat(fake.invoiceStatus(paid.stripeInvoiceId())).as("Stripe stops collecting").isEqualTo("paid");
        assertThat(dunning.standing(tenant)).isEqualTo(Standing.GOOD);
        assertThat(actions.suspended).doesNotContain(tenant);
        assertThat(actions.reactivated).contains(tenant);
        assertThat(dunning.overdue()).extracting(OverdueTenant::tenantId).doesNotContain(tenant);
        day(finalizedAt, 31);
        assertThat(actions.of(tenant)).hasSize(4);
    }

    @Test
    void aPaymentThroughStripeUnpausesTheMallButLeavesTheOperatorsOwnSuspension() throws Exception {
        Instant finalizedAt = Instant.parse("2035-04-02T18:00:00Z");
        Invoice invoice = unpaid(YearMonth.parse("2035-03"), finalizedAt);
        UUID tenant = invoice.tenantId();
        // The operator suspended the tenant before dunning would have.
        actions.suspended.add(tenant);

        day(finalizedAt, 30);

        assertThat(actions.of(tenant)).hasSize(4);
        assertThat(dunning.standing(tenant).mallPaused()).isTrue();
        assertThat(dunning.standing(tenant).suspendedAt()).as("not dunning's suspension").isNull();

        String stripeInvoice = collections.find(tenant, invoice.id()).orElseThrow().stripeInvoiceId();
        fake.failPaymentsOf(stripe.createCustomer(tenant, "Jifen 租户 " + tenant), false);
        java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(fake.uri() + "/invoice/" + stripeInvoice + "/pay"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        var paidEvent = fake.webhooks().eventsAbout(stripeInvoice).stream().filter(e -> e.type().equals("invoice.paid")).findFirst().orElseThrow();
        String secret = stack().stripe().webhookSecret();
        collections.apply(com.stripe.net.Webhook.constructEvent(paidEvent.payload(),
                io.jifen.stripefake.Webhooks.signatureHeader(secret, Instant.now().getEpochSecond(), paidEvent.payload()), secret, 300));

        assertThat(collections.find(tenant, invoice.id()).orElseThrow().status()).isEqualTo(InvoiceCollection.Status.PAID);
        assertThat(dunning.standing(tenant)).isEqualTo(Standing.GOOD);
        assertThat(actions.suspended).contains(tenant);
        assertThat(actions.reactivated).doesNotContain(tenant);
    }
}
