package io.jifen.stripefake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import com.sun.net.httpserver.HttpExchange;

/**
 * The page a redirect of Stripe's test mode shows ({@code GET /pay/<intent id>}): what is paid, and two buttons,
 * "Authorize test payment" ({@code POST /pay/<id>/authorize}) and "Fail test payment" ({@code POST /pay/<id>/fail}).
 * Either changes the intent and sends the customer back to its {@code return_url} (303) with {@code payment_intent},
 * {@code payment_intent_client_secret} and {@code redirect_status}, as Stripe does.
 */
final class TestPaymentPage {

    private final PaymentIntents intents;

    TestPaymentPage(PaymentIntents intents) {
        this.intents = intents;
    }

    void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readNBytes(64 * 1024);
        }
        String[] parts = exchange.getRequestURI().getPath().substring("/pay/".length()).split("/");
        String method = exchange.getRequestMethod();
        Optional<PaymentIntents.Intent> intent = intents.find(parts[0]);
        if (intent.isEmpty()) {
            html(exchange, 404, page("Test payment not found", "<p>No payment intent " + escape(parts[0]) + ".</p>"));
            return;
        }
        try {
            if (method.equals("GET") && parts.length == 1) {
                html(exchange, 200, show(intent.get()));
            } else if (method.equals("POST") && parts.length == 2 && parts[1].equals("authorize")) {
                redirect(exchange, intents.authorize(parts[0]));
            } else if (method.equals("POST") && parts.length == 2 && parts[1].equals("fail")) {
                redirect(exchange, intents.failAuthorization(parts[0]));
            } else {
                html(exchange, 405, page("Not allowed", "<p>" + escape(method) + " is not allowed here.</p>"));
            }
        } catch (StripeFakeException e) {
            html(exchange, e.status(), page("Test payment", "<p>" + escape(e.getMessage()) + "</p>"));
        }
    }

    private static String show(PaymentIntents.Intent intent) {
        String amount;
        String status;
        String description;
        String type;
        synchronized (intent) {
            amount = intent.currency.toUpperCase() + " " + intent.amount / 100 + "." + String.format("%02d", intent.amount % 100);
            status = intent.status;
            description = intent.description == null ? "" : intent.description;
            type = intent.paymentMethodType == null ? "" : intent.paymentMethodType;
        }
        String body = "<p>This is a test payment page (Stripe test mode, local fake).</p>"
                + "<dl><dt>Amount</dt><dd>" + escape(amount) + "</dd><dt>Payment method</dt><dd>" + escape(type) + "</dd>"
                + "<dt>Description</dt><dd>" + escape(description) + "</dd><dt>Status</dt><dd>" + escape(status) + "</dd></dl>";
        if (status.equals("requires_action")) {
            body += "<form method=\"post\" action=\"/pay/" + intent.id + "/authorize\"><button type=\"submit\">Authorize test payment</button></form>"
                    + "<form method=\"post\" action=\"/pay/" + intent.id + "/fail\"><button type=\"submit\">Fail test payment</button></form>";
        } else {
            body += "<p>Nothing to authorize: the payment is not waiting for the customer.</p>";
        }
        return page("Test payment " + intent.id, body);
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title></head><body><h1>"
                + escape(title) + "</h1>" + body + "</body></html>";
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(303, -1);
    }

    private static void html(HttpExchange exchange, int status, String html) throws IOException {
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
