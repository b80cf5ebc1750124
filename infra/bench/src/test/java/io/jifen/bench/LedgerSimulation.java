package io.jifen.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * Earn, spend and balance reads over HTTP against a running platform, for 10,000 members of 10 tenants. Sets the
 * tenants up itself (sign-up, CSV import of 1,000 members each, client-credentials tokens) before the load starts.
 *
 * <p>System properties: {@code baseUrl}, {@code issuer} (the realm's issuer URI), {@code phase} (earn, spend or
 * balance), {@code users} (concurrent clients), {@code seconds} (length of the phase), {@code membersFile} (where
 * the seeded members are kept for the next phases).
 */
public class LedgerSimulation extends Simulation {

    private static final String BASE = System.getProperty("baseUrl", "http://127.0.0.1:8080");
    private static final String ISSUER = System.getProperty("issuer");
    private static final int USERS = Integer.getInteger("users", 32);
    private static final int SECONDS = Integer.getInteger("seconds", 30);
    private static final String PHASE = System.getProperty("phase", "earn");
    /** Seeded once, reused by the later phases of the same benchmark run (tokens live five minutes). */
    private static final java.nio.file.Path MEMBERS_FILE = java.nio.file.Path.of(System.getProperty("membersFile", "target/bench-members.csv"));
    private static final int TENANTS = 10;
    private static final int MEMBERS_PER_TENANT = 1_000;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\",\"externalId\"");

    private final List<Map<String, Object>> members = members();

    private final HttpProtocolBuilder protocol = http.baseUrl(BASE)
            .acceptHeader("application/json")
            .contentTypeHeader("application/json")
            .shareConnections()
            // The default warm-up calls a public web site; this machine reaches only loopback.
            .disableWarmUp();

    // Each phase: USERS clients, each sending its next request as soon as the last one is answered, for SECONDS.
    private final ScenarioBuilder earn = scenario("earn").during(Duration.ofSeconds(SECONDS)).on(
            feed(listFeeder(members).circular())
            .exec(http("earn").post("/api/v1/members/#{memberId}/points/earn")
                    .header("Authorization", "Bearer #{token}")
                    .header("Idempotency-Key", "#{randomUuid()}")
                    .body(StringBody("{\"points\": 10, \"source\": \"order\"}"))
                    .check(status().is(201))));

    private final ScenarioBuilder spend = scenario("spend").during(Duration.ofSeconds(SECONDS)).on(
            feed(listFeeder(members).circular())
            .exec(http("spend").post("/api/v1/members/#{memberId}/points/spend")
                    .header("Authorization", "Bearer #{token}")
                    .header("Idempotency-Key", "#{randomUuid()}")
                    .body(StringBody("{\"points\": 1, \"source\": \"redemption\"}"))
                    .check(status().in(201, 422))));

    private final ScenarioBuilder balance = scenario("balance").during(Duration.ofSeconds(SECONDS)).on(
            feed(listFeeder(members).random())
            .exec(http("balance").get("/api/v1/members/#{memberId}/points/balance")
                    .header("Authorization", "Bearer #{token}")
                    .check(status().is(200))));

    {
        ScenarioBuilder phase = switch (PHASE) {
            case "earn" -> earn;
            case "spend" -> spend;
            case "balance" -> balance;
            default -> throw new IllegalArgumentException("phase must be earn, spend or balance");
        };
        setUp(phase.injectOpen(atOnceUsers(USERS))).protocols(protocol);
    }

    private static List<Map<String, Object>> members() {
        try {
            if (!java.nio.file.Files.exists(MEMBERS_FILE)) {
                var lines = seed().stream().map(m -> m.get("memberId") + "," + m.get("token")).toList();
                java.nio.file.Files.createDirectories(MEMBERS_FILE.toAbsolutePath().getParent());
                java.nio.file.Files.write(MEMBERS_FILE, lines);
            }
            List<Map<String, Object>> members = new ArrayList<>();
            for (String line : java.nio.file.Files.readAllLines(MEMBERS_FILE)) {
                String[] parts = line.split(",", 2);
                members.add(Map.of("memberId", parts[0], "token", parts[1]));
            }
            return members;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Map<String, Object>> seed() {
        if (ISSUER == null) {
            throw new IllegalStateException("set -Dissuer to the realm's issuer URI");
        }
        List<Map<String, Object>> members = new ArrayList<>();
        String run = Long.toString(System.currentTimeMillis(), 36);
        for (int t = 0; t < TENANTS; t++) {
            String slug = "bench-" + run + "-" + t;
            String signup = post(BASE + "/api/v1/signups", null, "application/json", """
                    {"slug": "%s", "name": "Bench %d", "adminEmail": "admin@%s.bench", "adminName": "Bench",
                     "adminPassword": "bench-password-123"}""".formatted(slug, t, slug));
            String clientId = field(signup, "clientId");
            String secret = field(signup, "secret");
            String token = field(post(ISSUER + "/protocol/openid-connect/token", null, "application/x-www-form-urlencoded",
                    "grant_type=client_credentials&client_id=" + enc(clientId) + "&client_secret=" + enc(secret)), "access_token");
            StringBuilder csv = new StringBuilder("external_id,audience\n");
            for (int m = 0; m < MEMBERS_PER_TENANT; m++) {
                csv.append("m").append(m).append(",CONSUMER\n");
            }
            post(BASE + "/api/v1/members/imports", token, "text/csv", csv.toString());
            for (int page = 0; page * 500 < MEMBERS_PER_TENANT; page++) {
                Matcher ids = ID.matcher(get(BASE + "/api/v1/members?size=500&page=" + page, token));
                while (ids.find()) {
                    Map<String, Object> member = new HashMap<>();
                    member.put("memberId", ids.group(1));
                    member.put("token", token);
                    members.add(member);
                }
            }
        }
        java.util.Collections.shuffle(members, new java.util.Random(42));
        System.out.println("seeded " + members.size() + " members in " + TENANTS + " tenants");
        return members;
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String get(String url, String token) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET().build());
    }

    private static String post(String url, String token, String contentType, String body) {
        var builder = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return send(builder.build());
    }

    private static String send(HttpRequest request) {
        try {
            var response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
