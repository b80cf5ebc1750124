package io.jifen.platform.support;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import tools.jackson.databind.json.JsonMapper;

import io.jifen.devstack.DevStack;

import static org.awaitility.Awaitility.await;

/** The stack's mail server as a person reads it: the mails an address got, and the verification link followed in a browser. */
public final class Mailbox {

    /** A mail as its reader sees it: subject and plain text. */
    public record Mail(String subject, String text) {
    }

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern ACTION_LINK = Pattern.compile("(https?://[^\\s\"<>]+/login-actions/action-token\\?[^\\s\"<>]+)");

    private Mailbox() {
    }

    /** Every mail {@code address} has received, oldest first. */
    public static List<Mail> mails(DevStack stack, String address) {
        var request = HttpRequest.newBuilder(URI.create(stack.mailApiUrl() + "/api/user/"
                + URLEncoder.encode(address, StandardCharsets.UTF_8).replace("+", "%20") + "/messages/INBOX")).GET().build();
        try {
            var response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                return List.of();
            }
            var mails = new ArrayList<Mail>();
            for (var message : JSON.readTree(response.body())) {
                var mime = new MimeMessage(Session.getInstance(new Properties()),
                        new ByteArrayInputStream(message.get("mimeMessage").asString().getBytes(StandardCharsets.UTF_8)));
                mails.add(new Mail(mime.getSubject(), text(mime)));
            }
            return mails;
        } catch (Exception e) {
            throw new IllegalStateException("could not read the mails of " + address, e);
        }
    }

    /** Waits for a mail from Keycloak to {@code address} with an action link (verify, set a password) and answers the latest link. */
    public static String actionLink(DevStack stack, String address) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> mails(stack, address).reversed().stream()
                .map(mail -> ACTION_LINK.matcher(mail.text())).filter(Matcher::find).map(m -> m.group(1)).findFirst(), o -> o.isPresent())
                .orElseThrow();
    }

    /** Waits for the (latest) verification mail Keycloak sent {@code address} and follows its link as a browser would. */
    public static void verifyEmail(DevStack stack, String address) {
        String link = actionLink(stack, address);
        var browser = HttpClient.newHttpClient();
        var first = open(browser, link, null);
        // Keycloak asks a browser without a session of its own to confirm ("Click here to proceed") before it verifies;
        // the confirmation must come with the session cookies of the first page. They are marked Secure, which a browser
        // still sends to 127.0.0.1 over http but Java's CookieManager does not: so they are passed on by hand.
        String cookies = String.join("; ", first.headers().allValues("set-cookie").stream().map(c -> c.split(";", 2)[0]).toList());
        Matcher proceed = ACTION_LINK.matcher(first.body().replace("&amp;", "&"));
        if (proceed.find()) {
            open(browser, proceed.group(1), cookies);
        }
    }

    private static HttpResponse<String> open(HttpClient browser, String url, String cookies) {
        try {
            var request = HttpRequest.newBuilder(URI.create(url)).GET();
            if (cookies != null && !cookies.isEmpty()) {
                request.header("Cookie", cookies);
            }
            var response = browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400) {
                throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
            }
            return response;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String text(Part part) throws Exception {
        if (part.isMimeType("text/plain")) {
            return (String) part.getContent();
        }
        if (part.getContent() instanceof Multipart multipart) {
            var text = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart body = multipart.getBodyPart(i);
                text.append(text(body));
            }
            return text.toString();
        }
        return part.getContent() instanceof String s ? s : "";
    }
}
