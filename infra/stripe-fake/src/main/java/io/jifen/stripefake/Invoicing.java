package io.jifen.stripefake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Stripe Billing's one-off invoices as the operator's billing uses them: customers ({@code /v1/customers}), invoice
 * items ({@code /v1/invoiceitems}, on a draft invoice), invoices ({@code /v1/invoices}: create a draft, finalize, pay,
 * void, mark uncollectible). A finalized invoice gets a number and a hosted page ({@code /invoice/<id>}); one collected
 * automatically ({@code collection_method=charge_automatically}, {@code auto_advance}) is charged at once to its
 * customer's test card: the payment succeeds (a succeeded payment intent with its charge, refundable through
 * {@code /v1/refunds}) unless {@link #failPaymentsOf} switched the customer's payments to fail. Events:
 * {@code invoice.finalized}, {@code invoice.paid}, {@code invoice.payment_failed}, {@code invoice.voided},
 * {@code invoice.marked_uncollectible}, {@code charge.dispute.created} ({@link #dispute}).
 */
final class Invoicing {

    private static final Set<String> COLLECTION_METHODS = Set.of("charge_automatically", "send_invoice");

    static final class Customer {
        final String id = Ids.next("cus");
        final long created = Instant.now().getEpochSecond();
        final String name;
        final String email;
        final Map<String, String> metadata;
        volatile boolean failPayments;

        Customer(String name, String email, Map<String, String> metadata) {
            this.name = name;
            this.email = email;
            this.metadata = metadata;
        }
    }

    record Item(String id, String customer, String invoice, long amount, String currency, String description, Map<String, String> metadata) {
    }

    /** One invoice; its fields change under its own lock. */
    static final class Invoice {
        final String id = "in_" + Ids.random(24);
        final long created = Instant.now().getEpochSecond();
        final Customer customer;
        final String currency;
        final String collectionMethod;
        final boolean autoAdvance;
        final Map<String, String> metadata;
        final String description;
        final String apiVersion;
        final List<Item> items = new ArrayList<>();
        String status = "draft";
        String number;
        long attemptCount;
        long amountPaid;
        String paymentIntent;
        Long finalizedAt;
        Long paidAt;
        Long voidedAt;
        boolean paidOutOfBand;

        Invoice(Customer customer, String currency, String collectionMethod, boolean autoAdvance, Map<String, String> metadata, String description,
                String apiVersion) {
            this.customer = customer;
            this.currency = currency;
            this.collectionMethod = collectionMethod;
            this.autoAdvance = autoAdvance;
            this.metadata = metadata;
            this.description = description;
            this.apiVersion = apiVersion;
        }

        long total() {
            return items.stream().mapToLong(Item::amount).sum();
        }

        synchronized Long finalizedAt() {
            return finalizedAt;
        }
    }

    private final Map<String, Customer> customers = new ConcurrentHashMap<>();
    private final Map<String, Invoice> invoices = new ConcurrentHashMap<>();
    private final AtomicLong numbers = new AtomicLong();
    private final PaymentIntents intents;
    private final Webhooks webhooks;
    private final Supplier<String> baseUrl;

    Invoicing(PaymentIntents intents, Webhooks webhooks, Supplier<String> baseUrl) {
        this.intents = intents;
        this.webhooks = webhooks;
        this.baseUrl = baseUrl;
    }

    void register(Routes routes) {
        routes.add("POST", "/v1/customers", this::createCustomer)
                .add("GET", "/v1/customers/{customer}", call -> json(customer(call.path("customer"), "id")))
                .add("POST", "/v1/invoiceitems", this::createItem)
                .add("POST", "/v1/invoices", this::createInvoice)
                .add("GET", "/v1/invoices/{invoice}", call -> locked(call, invoice -> json(invoice)))
                .add("POST", "/v1/invoices/{invoice}/finalize", call -> locked(call, invoice -> finalize(invoice)))
                .add("POST", "/v1/invoices/{invoice}/pay", call -> locked(call, invoice -> pay(invoice, call.params().bool("paid_out_of_band"))))
                .add("POST", "/v1/invoices/{invoice}/void", call -> locked(call, invoice -> close(invoice, "void", "invoice.voided")))
                .add("POST", "/v1/invoices/{invoice}/mark_uncollectible",
                        call -> locked(call, invoice -> close(invoice, "uncollectible", "invoice.marked_uncollectible")));
    }

    Optional<Invoice> find(String id) {
        return Optional.ofNullable(invoices.get(id));
    }

    List<String> invoicesOf(String customerId) {
        return invoices.values().stream().filter(i -> i.customer.id.equals(customerId)).sorted(java.util.Comparator.comparingLong((Invoice i) -> i.created))
                .map(i -> i.id).toList();
    }

    /** From now on the customer's payments fail (a declined card) or, switched back, succeed. */
    void failPaymentsOf(String customerId, boolean fail) {
        customer(customerId, "customer").failPayments = fail;
    }

    /** The hosted page's "Pay": the invoice is charged now; answers it. */
    Map<String, Object> payFromPage(String invoiceId) {
        Invoice invoice = invoice(invoiceId);
        synchronized (invoice) {
            return pay(invoice, false);
        }
    }

    /** The paid invoice's charge is disputed by the card holder: {@code charge.dispute.created}. */
    String dispute(String invoiceId, String reason) {
        Invoice invoice = invoice(invoiceId);
        PaymentIntents.Intent intent;
        synchronized (invoice) {
            if (invoice.paymentIntent == null) {
                throw StripeFakeException.invalid("Invoice " + invoiceId + " has no charge to dispute.", "invoice");
            }
            intent = intents.require(invoice.paymentIntent, "payment_intent");
        }
        synchronized (intent) {
            intent.disputed = true;
            Map<String, Object> dispute = new LinkedHashMap<>();
            String id = Ids.next("du");
            dispute.put("id", id);
            dispute.put("object", "dispute");
            dispute.put("amount", intent.amountReceived);
            dispute.put("charge", intent.latestCharge);
            dispute.put("created", Instant.now().getEpochSecond());
            dispute.put("currency", intent.currency);
            dispute.put("livemode", false);
            dispute.put("metadata", Map.of());
            dispute.put("payment_intent", intent.id);
            dispute.put("reason", reason);
            dispute.put("status", "needs_response");
            webhooks.emit("charge.dispute.created", dispute, intent.apiVersion);
            return id;
        }
    }

    private Map<String, Object> createCustomer(Routes.Call call) {
        FormBody params = call.params();
        Customer customer = new Customer(params.string("name"), params.string("email"), PaymentIntents.metadata(params));
        customers.put(customer.id, customer);
        return json(customer);
    }

    private Map<String, Object> createItem(Routes.Call call) {
        FormBody params = call.params();
        Customer customer = customer(required(params, "customer"), "customer");
        Long amount = params.integer("amount");
        if (amount == null) {
            throw StripeFakeException.missing("amount");
        }
        String currency = required(params, "currency");
        String invoiceId = params.string("invoice");
        if (invoiceId == null) {
            throw StripeFakeException.invalid("This fake adds items to a draft invoice only: name the invoice.", "invoice");
        }
        Invoice invoice = invoice(invoiceId);
        synchronized (invoice) {
            if (!invoice.customer.id.equals(customer.id)) {
                throw StripeFakeException.invalid("The invoice " + invoiceId + " belongs to another customer.", "invoice");
            }
            if (!"draft".equals(invoice.status)) {
                throw StripeFakeException.invalid("You can only add invoice items to draft invoices.", "invoice");
            }
            if (!invoice.currency.equals(currency)) {
                throw StripeFakeException.invalid("The currency of the item (" + currency + ") is not the invoice's (" + invoice.currency + ").", "currency");
            }
            Item item = new Item(Ids.next("ii"), customer.id, invoice.id, amount, currency, params.string("description"), PaymentIntents.metadata(params));
            invoice.items.add(item);
            return json(item);
        }
    }

    private Map<String, Object> createInvoice(Routes.Call call) {
        FormBody params = call.params();
        Customer customer = customer(required(params, "customer"), "customer");
        String method = params.string("collection_method") == null ? "charge_automatically" : params.string("collection_method");
        if (!COLLECTION_METHODS.contains(method)) {
            throw StripeFakeException.invalid("Invalid collection_method: must be one of charge_automatically or send_invoice", "collection_method");
        }
        String currency = params.string("currency") == null ? "usd" : params.string("currency");
        Invoice invoice = new Invoice(customer, currency, method, !params.has("auto_advance") || params.bool("auto_advance"),
                PaymentIntents.metadata(params), params.string("description"), call.apiVersion());
        invoices.put(invoice.id, invoice);
        synchronized (invoice) {
            return json(invoice);
        }
    }

    private Map<String, Object> finalize(Invoice invoice) {
        if (!"draft".equals(invoice.status)) {
            throw new StripeFakeException(400, "invalid_request_error", "invoice_not_editable", "This invoice is already finalized, you can't "
                    + "re-finalize a non-draft invoice.", null);
        }
        invoice.status = "open";
        invoice.number = "FAKE-%06d".formatted(numbers.incrementAndGet());
        invoice.finalizedAt = Instant.now().getEpochSecond();
        webhooks.emit("invoice.finalized", json(invoice), invoice.apiVersion);
        if (invoice.total() == 0) {
            markPaid(invoice);
        } else if (invoice.autoAdvance && invoice.collectionMethod.equals("charge_automatically")) {
            attempt(invoice);
        }
        return json(invoice);
    }

    private Map<String, Object> pay(Invoice invoice, boolean outOfBand) {
        if (!"open".equals(invoice.status)) {
            throw new StripeFakeException(400, "invalid_request_error", "invoice_not_open", "Invoice is already " + invoice.status
                    + "; only an open invoice can be paid.", null);
        }
        if (outOfBand) {
            invoice.paidOutOfBand = true;
            markPaid(invoice);
            return json(invoice);
        }
        if (!attempt(invoice)) {
            throw new StripeFakeException(402, "card_error", "card_declined", "Your card was declined.", null);
        }
        return json(invoice);
    }

    /** Charges the customer's test card; answers whether it was paid. */
    private boolean attempt(Invoice invoice) {
        invoice.attemptCount++;
        if (invoice.customer.failPayments) {
            webhooks.emit("invoice.payment_failed", json(invoice), invoice.apiVersion);
            return false;
        }
        Map<String, String> metadata = new LinkedHashMap<>(invoice.metadata);
        metadata.put("invoice", invoice.id);
        invoice.paymentIntent = intents.payInvoice(invoice.total(), invoice.currency, invoice.customer.id, metadata,
                "Invoice " + invoice.number, invoice.apiVersion).id;
        markPaid(invoice);
        return true;
    }

    private void markPaid(Invoice invoice) {
        invoice.status = "paid";
        invoice.amountPaid = invoice.paidOutOfBand ? 0 : invoice.total();
        invoice.paidAt = Instant.now().getEpochSecond();
        webhooks.emit("invoice.paid", json(invoice), invoice.apiVersion);
    }

    private Map<String, Object> close(Invoice invoice, String status, String event) {
        if (!"open".equals(invoice.status)) {
            throw new StripeFakeException(400, "invalid_request_error", "invoice_not_open", "Only an open invoice can be marked " + status
                    + "; this one is " + invoice.status + ".", null);
        }
        invoice.status = status;
        if (status.equals("void")) {
            invoice.voidedAt = Instant.now().getEpochSecond();
        }
        webhooks.emit(event, json(invoice), invoice.apiVersion);
        return json(invoice);
    }

    private interface InvoiceWork {
        Map<String, Object> apply(Invoice invoice);
    }

    private Map<String, Object> locked(Routes.Call call, InvoiceWork work) {
        Invoice invoice = invoice(call.path("invoice"));
        synchronized (invoice) {
            return work.apply(invoice);
        }
    }

    private Invoice invoice(String id) {
        Invoice invoice = invoices.get(id);
        if (invoice == null) {
            throw StripeFakeException.notFound("invoice", id, "invoice");
        }
        return invoice;
    }

    private Customer customer(String id, String param) {
        Customer customer = customers.get(id);
        if (customer == null) {
            throw StripeFakeException.notFound("customer", id, param);
        }
        return customer;
    }

    private static String required(FormBody params, String name) {
        String value = params.string(name);
        if (value == null) {
            throw StripeFakeException.missing(name);
        }
        return value;
    }

    String hostedUrl(Invoice invoice) {
        return baseUrl.get() + "/invoice/" + invoice.id;
    }

    private static Map<String, Object> json(Customer customer) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", customer.id);
        json.put("object", "customer");
        json.put("created", customer.created);
        json.put("email", customer.email);
        json.put("livemode", false);
        json.put("metadata", new LinkedHashMap<>(customer.metadata));
        json.put("name", customer.name);
        return json;
    }

    private static Map<String, Object> json(Item item) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", item.id());
        json.put("object", "invoiceitem");
        json.put("amount", item.amount());
        json.put("currency", item.currency());
        json.put("customer", item.customer());
        json.put("description", item.description());
        json.put("invoice", item.invoice());
        json.put("livemode", false);
        json.put("metadata", new LinkedHashMap<>(item.metadata()));
        return json;
    }

    /** The invoice as Stripe writes it (the fields billing reads and their usual neighbours); call under its lock. */
    Map<String, Object> json(Invoice invoice) {
        long total = invoice.total();
        boolean open = "open".equals(invoice.status);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", invoice.id);
        json.put("object", "invoice");
        json.put("amount_due", total);
        json.put("amount_paid", invoice.amountPaid);
        json.put("amount_remaining", "paid".equals(invoice.status) || "void".equals(invoice.status) ? 0 : total);
        json.put("attempt_count", invoice.attemptCount);
        json.put("attempted", invoice.attemptCount > 0);
        json.put("auto_advance", invoice.autoAdvance && open);
        json.put("collection_method", invoice.collectionMethod);
        json.put("created", invoice.created);
        json.put("currency", invoice.currency);
        json.put("customer", invoice.customer.id);
        json.put("description", invoice.description);
        json.put("hosted_invoice_url", invoice.finalizedAt == null ? null : hostedUrl(invoice));
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Item item : invoice.items) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("id", "il_" + item.id().substring(3));
            line.put("object", "line_item");
            line.put("amount", item.amount());
            line.put("currency", item.currency());
            line.put("description", item.description());
            line.put("invoice", invoice.id);
            line.put("livemode", false);
            line.put("metadata", new LinkedHashMap<>(item.metadata()));
            lines.add(line);
        }
        json.put("lines", list(lines, "/v1/invoices/" + invoice.id + "/lines"));
        json.put("livemode", false);
        json.put("metadata", new LinkedHashMap<>(invoice.metadata));
        json.put("number", invoice.number);
        List<Map<String, Object>> payments = new ArrayList<>();
        if (invoice.paymentIntent != null) {
            Map<String, Object> payment = new LinkedHashMap<>();
            payment.put("id", "inpay_" + invoice.paymentIntent.substring(3));
            payment.put("object", "invoice_payment");
            payment.put("amount_paid", invoice.amountPaid);
            payment.put("amount_requested", total);
            payment.put("currency", invoice.currency);
            payment.put("invoice", invoice.id);
            payment.put("is_default", true);
            payment.put("livemode", false);
            payment.put("payment", Map.of("type", "payment_intent", "payment_intent", invoice.paymentIntent));
            payment.put("status", "paid");
            payments.add(payment);
        }
        json.put("payments", list(payments, "/v1/invoice_payments"));
        json.put("status", invoice.status);
        Map<String, Object> transitions = new LinkedHashMap<>();
        transitions.put("finalized_at", invoice.finalizedAt);
        transitions.put("marked_uncollectible_at", null);
        transitions.put("paid_at", invoice.paidAt);
        transitions.put("voided_at", invoice.voidedAt);
        json.put("status_transitions", transitions);
        json.put("subtotal", total);
        json.put("total", total);
        return json;
    }

    private static Map<String, Object> list(List<Map<String, Object>> data, String url) {
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("object", "list");
        list.put("data", data);
        list.put("has_more", false);
        list.put("url", url);
        return list;
    }
}
