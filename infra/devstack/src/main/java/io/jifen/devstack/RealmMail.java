package io.jifen.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Points the realm's outgoing mail (verification mails) at the stack's mail server. The realm file does so when it is
 * imported; a persistent stack's realm was imported in an earlier run, when the mail server had another port, so every
 * start sets it again through the admin API (as the platform's admin client, which may manage the realm).
 */
final class RealmMail {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    private RealmMail() {
    }

    static void pointAt(String keycloakUrl, String realm, String clientId, String clientSecret, MailServer mail) {
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
        var tokenAnswer = send(HttpRequest.newBuilder(URI.create(keycloakUrl + "/realms/" + realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        var token = ACCESS_TOKEN.matcher(tokenAnswer.body());
        if (tokenAnswer.statusCode() != 200 || !token.find()) {
            throw new IllegalStateException("Keycloak refused the admin client a token: " + tokenAnswer.statusCode() + " " + tokenAnswer.body());
        }
        // A partial representation: Keycloak changes only the fields it carries. The login theme too: a realm imported
        // before the theme existed gets it.
        String settings = """
                {"smtpServer": {"host": "%s", "port": "%d", "from": "%s", "fromDisplayName": "Jifen", "auth": "false", "ssl": "false", "starttls": "false"},
                 "loginTheme": "jifen"}"""
                .formatted(mail.host(), mail.smtpPort(), MailServer.FROM);
        var updated = send(HttpRequest.newBuilder(URI.create(keycloakUrl + "/admin/realms/" + realm))
                .header("Authorization", "Bearer " + token.group(1))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(settings)).build());
        if (updated.statusCode() != 204) {
            throw new IllegalStateException("Keycloak did not take the realm's mail settings: " + updated.statusCode() + " " + updated.body());
        }
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak did not answer " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
