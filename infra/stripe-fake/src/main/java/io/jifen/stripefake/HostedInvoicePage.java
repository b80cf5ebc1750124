package io.jifen.stripefake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import com.sun.net.httpserver.HttpExchange;

/**
 * An invoice's hosted page ({@code GET /invoice/<id>}, its {@code hosted_invoice_url}): the number, the amount due, the
 * status, and while it is open a "Pay invoice" button ({@code POST /invoice/<id>/pay}) that charges the customer's
 * test card (declined if the customer's payments are switched to fail) and shows the page again.
 */
final class HostedInvoicePage {

    private final Invoicing invoicing;

    HostedInvoicePage(Invoicing invoicing) {
        this.invoicing = invoicing;
    }

    void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readNBytes(64 * 1024);
        }
        String[] parts = exchange.getRequestURI().getPath().substring("/invoice/".length()).split("/");
        Optional<Invoicing.Invoice> found = invoicing.find(parts[0]);
        if (found.isEmpty() || found.get().finalizedAt() == null) {
            html(exchange, 404, page("Invoice not found", "<p>No invoice " + TestPaymentPage.escape(parts[0]) + ".</p>"));
            return;
        }
        String method = exchange.getRequestMethod();
        String notice = "";
        if (method.equals("POST") && parts.length == 2 && parts[1].equals("pay")) {
            try {
                invoicing.payFromPage(parts[0]);
                notice = "<p role=\"status\">Payment succeeded.</p>";
            } catch (StripeFakeException e) {
                notice = "<p role=\"alert\">" + TestPaymentPage.escape(e.getMessage()) + "</p>";
            }
        } else if (!(method.equals("GET") && parts.length == 1)) {
            html(exchange, 405, page("Not allowed", "<p>" + TestPaymentPage.escape(method) + " is not allowed here.</p>"));
            return;
        }
        Invoicing.Invoice invoice = found.get();
        Map<String, Object> json;
        synchronized (invoice) {
            json = invoicing.json(invoice);
        }
        long due = ((Number) json.get("amount_due")).longValue();
        String amount = invoice.currency.toUpperCase() + " " + due / 100 + "." + String.format("%02d", due % 100);
        String body = notice + "<p>This is a test invoice page (Stripe test mode, local fake).</p>"
                + "<dl><dt>Invoice</dt><dd data-field=\"number\">" + TestPaymentPage.escape(String.valueOf(json.get("number"))) + "</dd>"
                + "<dt>Amount due</dt><dd data-field=\"amount\">" + TestPaymentPage.escape(amount) + "</dd>"
                + "<dt>Status</dt><dd data-field=\"status\">" + TestPaymentPage.escape(String.valueOf(json.get("status"))) + "</dd></dl>";
        if ("open".equals(json.get("status"))) {
            body += "<form method=\"post\" action=\"/invoice/" + invoice.id + "/pay\"><button type=\"submit\">Pay invoice</button></form>";
        }
        html(exchange, 200, page("Invoice " + json.get("number"), body));
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + TestPaymentPage.escape(title) + "</title></head><body><h1>"
                + TestPaymentPage.escape(title) + "</h1>" + body + "</body></html>";
    }

    private static void html(HttpExchange exchange, int status, String html) throws IOException {
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
