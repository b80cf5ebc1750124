package io.jifen.billing;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.InvoiceLineItem;
import com.stripe.model.InvoicePayment;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.InvoiceCreateParams;
import com.stripe.param.InvoiceFinalizeInvoiceParams;
import com.stripe.param.InvoiceItemCreateParams;
import com.stripe.param.InvoicePayParams;
import org.jspecify.annotations.Nullable;

/**
 * {@link BillingStripe} on stripe-java. Idempotency keys are {@code jifen:billing:<what>:<our id>}: the tenant's id for
 * its customer, the invoice's id for its Stripe invoice and its finalization, the invoice's id and line number for an
 * item. Stripe keeps a key about a day; a retry after that is still safe, because the Stripe invoice's id is stored as
 * soon as it exists and an item already on it (its metadata names the line) is not added again.
 */
public final class StripeClientBilling implements BillingStripe {

    private final Supplier<StripeClient> clients;

    public StripeClientBilling(StripeClient client) {
        this(() -> client);
    }

    /** On the client the supplier answers at each call (it may refuse, Stripe not being configured: the call fails and is tried again later). */
    public StripeClientBilling(Supplier<StripeClient> clients) {
        this.clients = clients;
    }

    @Override
    public String createCustomer(UUID tenant, String name) {
        return call("create the customer of tenant " + tenant, () -> clients.get().v1().customers().create(CustomerCreateParams.builder()
                .setName(name).putMetadata("tenant_id", tenant.toString()).build(), key("customer", tenant.toString())).getId());
    }

    @Override
    public String createDraft(String customerId, Invoice invoice) {
        return call("create the Stripe invoice of " + invoice.number(), () -> clients.get().v1().invoices().create(InvoiceCreateParams.builder()
                .setCustomer(customerId).setCurrency(invoice.currency().toLowerCase(Locale.ROOT))
                .setCollectionMethod(InvoiceCreateParams.CollectionMethod.CHARGE_AUTOMATICALLY).setAutoAdvance(true)
                .setDescription("Jifen 积分 " + invoice.number() + " (" + invoice.period() + ")")
                .putMetadata("tenant_id", invoice.tenantId().toString()).putMetadata("invoice_id", invoice.id().toString())
                .putMetadata("number", invoice.number()).build(), key("invoice", invoice.id().toString())).getId());
    }

    @Override
    public StripeInvoice finalizeAndCollect(String stripeInvoiceId, String customerId, Invoice invoice) {
        return call("finalize the Stripe invoice of " + invoice.number(), () -> {
            com.stripe.model.Invoice current = clients.get().v1().invoices().retrieve(stripeInvoiceId);
            if (!"draft".equals(current.getStatus())) {
                return of(current);
            }
            Set<String> present = new HashSet<>();
            if (current.getLines() != null) {
                for (InvoiceLineItem line : current.getLines().getData()) {
                    if (line.getMetadata() != null && line.getMetadata().get("line") != null) {
                        present.add(line.getMetadata().get("line"));
                    }
                }
            }
            String currency = invoice.currency().toLowerCase(Locale.ROOT);
            for (Invoice.Line line : invoice.lines()) {
                item(stripeInvoiceId, customerId, invoice, currency, line.lineNo() + "", line.amountFen(), line.description(), present);
                if (line.taxFen() != 0) {
                    item(stripeInvoiceId, customerId, invoice, currency, line.lineNo() + "-tax", line.taxFen(), "增值税 VAT: " + line.description(), present);
                }
            }
            return of(clients.get().v1().invoices().finalizeInvoice(stripeInvoiceId, InvoiceFinalizeInvoiceParams.builder().setAutoAdvance(true).build(),
                    key("finalize", invoice.id().toString())));
        });
    }

    private void item(String stripeInvoiceId, String customerId, Invoice invoice, String currency, String line, long amountFen, String description,
                      Set<String> present) throws StripeException {
        if (present.contains(line)) {
            return;
        }
        clients.get().v1().invoiceItems().create(InvoiceItemCreateParams.builder().setCustomer(customerId).setInvoice(stripeInvoiceId).setAmount(amountFen)
                .setCurrency(currency).setDescription(description).putMetadata("invoice_id", invoice.id().toString()).putMetadata("line", line).build(),
                key("item", invoice.id() + ":" + line));
    }

    @Override
    public StripeInvoice retrieve(String stripeInvoiceId) {
        return call("read Stripe invoice " + stripeInvoiceId, () -> of(clients.get().v1().invoices().retrieve(stripeInvoiceId)));
    }

    @Override
    public @Nullable String customerOfPaymentIntent(String paymentIntentId) {
        return call("read payment intent " + paymentIntentId, () -> clients.get().v1().paymentIntents().retrieve(paymentIntentId).getCustomer());
    }

    @Override
    public StripeInvoice markPaidOutOfBand(String stripeInvoiceId, UUID invoiceId) {
        return call("mark Stripe invoice " + stripeInvoiceId + " paid", () -> {
            com.stripe.model.Invoice current = clients.get().v1().invoices().retrieve(stripeInvoiceId);
            if (!"open".equals(current.getStatus())) {
                return of(current);
            }
            return of(clients.get().v1().invoices().pay(stripeInvoiceId, InvoicePayParams.builder().setPaidOutOfBand(true).build(),
                    key("paid-out-of-band", invoiceId.toString())));
        });
    }

    /** What billing reads of a Stripe invoice, the payment intent from its payments. */
    public static StripeInvoice of(com.stripe.model.Invoice invoice) {
        String intent = null;
        if (invoice.getPayments() != null) {
            for (InvoicePayment payment : invoice.getPayments().getData()) {
                if (payment.getPayment() != null && payment.getPayment().getPaymentIntent() != null && "paid".equals(payment.getStatus())) {
                    intent = payment.getPayment().getPaymentIntent();
                }
            }
        }
        return new StripeInvoice(invoice.getId(), invoice.getStatus(), invoice.getHostedInvoiceUrl(), zero(invoice.getAmountDue()),
                zero(invoice.getAmountPaid()), intent);
    }

    private static long zero(Long amount) {
        return amount == null ? 0 : amount;
    }

    private static RequestOptions key(String what, String id) {
        return RequestOptions.builder().setIdempotencyKey("jifen:billing:" + what + ":" + id).build();
    }

    private interface StripeCall<T> {
        T run() throws StripeException;
    }

    private static <T> T call(String what, StripeCall<T> call) {
        try {
            return call.run();
        } catch (StripeException e) {
            throw new BillingStripeUnavailable("Stripe did not " + what + " (request " + e.getRequestId() + ", status " + e.getStatusCode()
                    + ", code " + e.getCode() + "): " + e.getMessage(), e);
        }
    }
}
