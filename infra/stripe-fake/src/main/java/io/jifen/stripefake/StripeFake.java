package io.jifen.stripefake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * A fake of Stripe's API for what Jifen uses, to run the real stripe-java client against where there is no internet
 * (the devstack, tests): a JDK {@code HttpServer} on loopback speaking Stripe's wire format (form-encoded requests with
 * nested keys, JSON objects, Stripe's error bodies and HTTP codes, Bearer secret-key authentication, idempotent POSTs
 * under {@code Idempotency-Key}), the test-mode payment page a redirect goes to ({@code /pay/<intent id>}), and signed
 * webhook events ({@link #webhooks()}).
 *
 * <p>Everything lives in memory and is gone when the fake stops: it stands in for a remote service, whose state is not
 * ours to keep. Resources: payment intents ({@link PaymentIntents}), refunds ({@link Refunds}), and customers, invoice items and
 * invoices with their hosted pages ({@link Invoicing}, {@code /invoice/<id>}) for the operator's billing; another
 * resource is a class that registers its endpoints with {@link Routes} and sends its events through {@link Webhooks}.
 */
public final class StripeFake implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StripeFake.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The API version of events when the client named none (stripe-java 33's). */
    static final String DEFAULT_API_VERSION = "2026-07-29.dahlia";

    private final String apiKey;
    private final HttpServer server;
    private final Routes routes = new Routes();
    private final Idempotency idempotency = new Idempotency();
    private final Webhooks webhooks;
    private final PaymentIntents intents;
    private final TestPaymentPage page;
    private final Invoicing invoicing;
    private final HostedInvoicePage invoicePage;
    /** Every API call is answered 500 {@code api_error} (Stripe down), until switched back. */
    public volatile boolean outage;

    /** A fake accepting {@code apiKey} ({@code sk_test_...}) and signing its events with {@code webhookSecret} ({@code whsec_...}), on {@code port} (0: any free one). */
    public StripeFake(String apiKey, String webhookSecret, int port) {
        this.apiKey = apiKey;
        try {
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        this.webhooks = new Webhooks(webhookSecret);
        this.intents = new PaymentIntents(webhooks, () -> uri().toString());
        intents.register(routes);
        new Refunds(intents, webhooks).register(routes);
        this.page = new TestPaymentPage(intents);
        this.invoicing = new Invoicing(intents, webhooks, () -> uri().toString());
        invoicing.register(routes);
        this.invoicePage = new HostedInvoicePage(invoicing);
    }

    public StripeFake start() {
        server.start();
        log.info("stripe fake listening on {}", uri());
        return this;
    }

    /** The API base to give the client ({@code StripeClient.builder().setApiBase(...)}). */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The events sent, where they go, and the switches for duplicate deliveries and resends. */
    public Webhooks webhooks() {
        return webhooks;
    }

    /** Where the customer of a payment intent waiting for them authorizes it (the test page). */
    public URI paymentPage(String intentId) {
        return URI.create(uri() + "/pay/" + intentId);
    }

    /** A payment intent's status now ({@code requires_action}, {@code succeeded}, ...), as a test checks it. */
    public String status(String intentId) {
        PaymentIntents.Intent intent = intents.require(intentId, "intent");
        synchronized (intent) {
            return intent.status;
        }
    }

    /** The amount of a payment intent refunded so far. */
    public long amountRefunded(String intentId) {
        PaymentIntents.Intent intent = intents.require(intentId, "intent");
        synchronized (intent) {
            return intent.amountRefunded;
        }
    }

    /** From now on the customer's invoice payments are declined ({@code invoice.payment_failed}) or, switched back, succeed. */
    public void failPaymentsOf(String customerId, boolean fail) {
        invoicing.failPaymentsOf(customerId, fail);
    }

    /** An invoice's status now ({@code draft}, {@code open}, {@code paid}, ...). */
    public String invoiceStatus(String invoiceId) {
        Invoicing.Invoice invoice = invoicing.find(invoiceId).orElseThrow(() -> new IllegalArgumentException("no invoice " + invoiceId));
        synchronized (invoice) {
            return invoice.status;
        }
    }

    /** The ids of a customer's invoices, oldest first. */
    public java.util.List<String> invoicesOf(String customerId) {
        return invoicing.invoicesOf(customerId);
    }

    /** The payment intent that paid an invoice (refund it through {@code /v1/refunds}), if it was charged. */
    public java.util.Optional<String> invoicePaymentIntent(String invoiceId) {
        Invoicing.Invoice invoice = invoicing.find(invoiceId).orElseThrow(() -> new IllegalArgumentException("no invoice " + invoiceId));
        synchronized (invoice) {
            return java.util.Optional.ofNullable(invoice.paymentIntent);
        }
    }

    /** The card holder disputes a paid invoice's charge: a {@code charge.dispute.created} event; answers the dispute's id. */
    public String dispute(String invoiceId) {
        return invoicing.dispute(invoiceId, "fraudulent");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/pay/")) {
                page.handle(exchange);
                return;
            }
            if (path.startsWith("/invoice/")) {
                invoicePage.handle(exchange);
                return;
            }
            answer(exchange, api(exchange, path));
        } catch (RuntimeException e) {
            log.warn("stripe fake: {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        }
    }

    private Idempotency.Answer api(HttpExchange exchange, String path) throws IOException {
        String method = exchange.getRequestMethod();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(1 << 20);
        }
        try {
            if (outage) {
                throw new StripeFakeException(500, "api_error", null, "An unexpected error occurred (a Stripe outage, switched on in the fake).", null);
            }
            authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
            Routes.Match match = routes.match(method, path);
            if (match == null) {
                throw new StripeFakeException(404, "invalid_request_error", null, "Unrecognized request URL (" + method + ": " + path
                        + "). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.", null);
            }
            String form = method.equals("GET") ? exchange.getRequestURI().getRawQuery() : new String(body, StandardCharsets.UTF_8);
            String version = exchange.getRequestHeaders().getFirst("Stripe-Version");
            Routes.Call call = new Routes.Call(match.path(), FormBody.parse(form), version == null ? DEFAULT_API_VERSION : version);
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            if (key == null || !method.equals("POST")) {
                return run(match.handler(), call);
            }
            exchange.getResponseHeaders().set("Idempotency-Key", key);
            String fingerprint = method + " " + path + "\n" + sha256(body);
            return idempotency.run(key, fingerprint, () -> run(match.handler(), call));
        } catch (StripeFakeException e) {
            return error(e);
        }
    }

    private static Idempotency.Answer run(Routes.Handler handler, Routes.Call call) {
        try {
            return new Idempotency.Answer(200, JSON.writeValueAsBytes(handler.handle(call)));
        } catch (StripeFakeException e) {
            return error(e);
        }
    }

    private void authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new StripeFakeException(401, "invalid_request_error", null, "You did not provide an API key. You need to provide your API "
                    + "key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').", null);
        }
        String given = authorization.startsWith("Bearer ") ? authorization.substring(7).strip() : "";
        if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), apiKey.getBytes(StandardCharsets.UTF_8))) {
            String tail = given.length() > 4 ? given.substring(given.length() - 4) : "";
            throw new StripeFakeException(401, "invalid_request_error", "api_key_invalid", "Invalid API Key provided: sk_test_****" + tail, null);
        }
    }

    private static Idempotency.Answer error(StripeFakeException e) {
        return new Idempotency.Answer(e.status(), JSON.writeValueAsBytes(e.body()));
    }

    private static void answer(HttpExchange exchange, Idempotency.Answer answer) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Request-Id", Ids.next("req"));
        exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
        if (answer.body().length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        }
    }

    private static String sha256(byte[] body) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops serving and sending events; what it held is gone. */
    @Override
    public void close() {
        server.stop(0);
        webhooks.close();
    }
}
