package io.jifen.stripefake;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stripe's webhook events: every change is an event ({@code evt_...}, the object's snapshot under {@code data.object})
 * POSTed as JSON to the endpoint with {@code Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.payload"
 * under the endpoint's secret>}, and sent again with doubling waits until the endpoint answers 2xx (at most
 * {@link #maxAttempts} times). With {@link #duplicateDeliveries} on, every acknowledged event is delivered once more (a
 * fresh signature, the same event), as Stripe may; {@link #resend} sends one again on demand.
 */
public final class Webhooks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Webhooks.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** An event as it was made, and how its deliveries went. */
    public static final class Event {
        private final String id;
        private final String type;
        private final String payload;
        private final AtomicInteger attempts = new AtomicInteger();
        private final AtomicInteger acknowledged = new AtomicInteger();

        Event(String id, String type, String payload) {
            this.id = id;
            this.type = type;
            this.payload = payload;
        }

        public String id() {
            return id;
        }

        public String type() {
            return type;
        }

        /** The JSON body exactly as delivered (what the signature covers). */
        public String payload() {
            return payload;
        }

        /** Deliveries tried, and those the endpoint answered with 2xx. */
        public int attempts() {
            return attempts.get();
        }

        public int acknowledged() {
            return acknowledged.get();
        }
    }

    private final String secret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Waits between attempts; the deliveries themselves run on virtual threads, so a slow endpoint holds up no other event. */
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("stripe-fake-webhooks").factory());
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private volatile URI endpoint;
    /** Every acknowledged event is delivered once more. */
    public volatile boolean duplicateDeliveries;
    public volatile Duration firstRetry = Duration.ofSeconds(1);
    public volatile Duration maxRetry = Duration.ofMinutes(1);
    public volatile int maxAttempts = 12;

    Webhooks(String secret) {
        this.secret = secret;
    }

    /** Where events go from now on (the platform's webhook URL); none: events are kept, not sent. */
    public void sendEventsTo(URI endpoint) {
        this.endpoint = endpoint;
    }

    public Optional<URI> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    /** The events made so far, oldest first. */
    public List<Event> events() {
        return List.copyOf(events);
    }

    /** The events about an object (its {@code data.object.id}, e.g. a payment intent's id). */
    public List<Event> eventsAbout(String objectId) {
        return events.stream().filter(event -> event.payload().contains("\"id\":\"" + objectId + "\"")).toList();
    }

    /** Delivers an event once more now (a fresh signature), whatever became of its earlier deliveries. */
    public void resend(String eventId) {
        Event event = events.stream().filter(e -> e.id().equals(eventId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no event " + eventId));
        workers.execute(() -> deliver(event, 1, false));
    }

    /** Makes an event of {@code type} about {@code object} (its snapshot now) and sends it. */
    void emit(String type, Map<String, Object> object, String apiVersion) {
        Map<String, Object> body = new LinkedHashMap<>();
        String id = Ids.next("evt");
        body.put("id", id);
        body.put("object", "event");
        body.put("api_version", apiVersion);
        body.put("created", Instant.now().getEpochSecond());
        body.put("data", Map.of("object", object));
        body.put("livemode", false);
        body.put("pending_webhooks", 1);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("id", null);
        request.put("idempotency_key", null);
        body.put("request", request);
        body.put("type", type);
        Event event = new Event(id, type, JSON.writeValueAsString(body));
        events.add(event);
        workers.execute(() -> deliver(event, 1, true));
    }

    private void deliver(Event event, int attempt, boolean mayDuplicate) {
        URI target = endpoint;
        if (target == null) {
            log.info("stripe fake: no webhook endpoint, event {} ({}) kept only", event.id(), event.type());
            return;
        }
        event.attempts.incrementAndGet();
        int status;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
                    .header("Stripe-Signature", signatureHeader(secret, Instant.now().getEpochSecond(), event.payload()))
                    .POST(HttpRequest.BodyPublishers.ofString(event.payload(), StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
        } catch (java.io.IOException e) {
            status = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (status >= 200 && status < 300) {
            event.acknowledged.incrementAndGet();
            if (mayDuplicate && duplicateDeliveries) {
                workers.execute(() -> deliver(event, 1, false));
            }
            return;
        }
        if (attempt >= maxAttempts) {
            log.warn("stripe fake: event {} ({}) not acknowledged after {} attempts (last: {})", event.id(), event.type(), attempt, status);
            return;
        }
        long wait = Math.min(maxRetry.toMillis(), firstRetry.toMillis() << Math.min(attempt - 1, 20));
        log.info("stripe fake: event {} ({}) answered {}, sent again in {} ms", event.id(), event.type(), status, wait);
        scheduler.schedule(() -> workers.execute(() -> deliver(event, attempt + 1, mayDuplicate)), wait, TimeUnit.MILLISECONDS);
    }

    /** Stripe's signature header for a payload: {@code t=<timestamp>,v1=<hex HMAC-SHA256(secret, "t.payload")>}. */
    public static String signatureHeader(String secret, long timestamp, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
            return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        workers.shutdownNow();
        http.close();
    }
}
