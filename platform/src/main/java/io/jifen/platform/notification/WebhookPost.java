package io.jifen.platform.notification;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.jifen.platform.web.Hashes;

/**
 * One signed post to a brand's webhook, with the JDK's HTTP client: {@code X-Jifen-Notification-Id} (the receiver's
 * key for at-least-once delivery: the same id may come again), {@code X-Jifen-Timestamp} (Unix seconds) and
 * {@code X-Jifen-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>}, the scheme of the earning
 * webhooks the other way round. No redirects are followed (a 3xx is a failed attempt).
 */
@Component
class WebhookPost {

    static final String ID_HEADER = "X-Jifen-Notification-Id";
    static final String TIMESTAMP_HEADER = "X-Jifen-Timestamp";
    static final String SIGNATURE_HEADER = "X-Jifen-Signature";

    /** What the receiver answered: its status, or why there was no answer. */
    record Outcome(int status, String error) {

        boolean delivered() {
            return status >= 200 && status < 300;
        }
    }

    private final NotificationProperties properties;
    private final WebhookAddresses addresses;
    private final Clock clock;
    private final HttpClient client;

    WebhookPost(NotificationProperties properties, WebhookAddresses addresses, Clock clock) {
        this.properties = properties;
        this.addresses = addresses;
        this.clock = clock;
        this.client = HttpClient.newBuilder().connectTimeout(properties.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    Outcome send(URI url, String secret, UUID notificationId, byte[] body) {
        String refused = addresses.refusal(url);
        if (refused != null) {
            return new Outcome(0, "not posted: " + refused);
        }
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(properties.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "jifen-notifications")
                .header(ID_HEADER, notificationId.toString())
                .header(TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(SIGNATURE_HEADER, "sha256=" + sign(secret, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return new Outcome(status, status >= 200 && status < 300 ? "" : "answered " + status);
        } catch (HttpTimeoutException e) {
            return new Outcome(0, "no answer within " + properties.timeout());
        } catch (IOException e) {
            return new Outcome(0, "could not post: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(0, "interrupted");
        }
    }

    /** The signature's hex digest: HMAC-SHA256 under the secret of the timestamp, a dot and the body. */
    static String sign(String secret, long timestamp, byte[] body) {
        return Hashes.webhookSignature(secret, timestamp, body);
    }
}
