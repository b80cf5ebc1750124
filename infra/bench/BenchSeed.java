import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeds a running platform for the ledger benchmark and mints the tokens wrk sends.
 *
 * <p>{@code seed BASE_URL ISSUER DIR [tenants] [members]}: signs up {@code tenants} tenants through the public
 * sign-up (marking each admin's e-mail verified through Keycloak's admin API instead of following the mail, then resuming
 * the sign-up with its token), imports {@code members} members into each by CSV, and writes DIR/clients.txt (one API client per tenant)
 * and DIR/members.txt (member id and tenant number, shuffled across tenants); then mints tokens as below.
 *
 * <p>{@code tokens ISSUER DIR}: fresh client-credentials tokens (they live five minutes) into DIR/wrk-members.txt,
 * one "memberId token" line per member, for infra/bench/wrk/ledger.lua.
 *
 * <p>{@code operator KEYCLOAK_URL}: makes sure the realm has a platform operator (bench-operator@jifen.bench, through
 * Keycloak's admin API with the devstack's admin/admin) and prints an access token of theirs.
 *
 * <p>Run with JDK 21+ as a source file: {@code java infra/bench/BenchSeed.java seed ...}.
 */
public class BenchSeed {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\",\"externalId\"");

    public static void main(String[] args) throws IOException {
        switch (args[0]) {
            case "seed" -> seed(args[1], args[2], Path.of(args[3]), args.length > 4 ? Integer.parseInt(args[4]) : 10,
                    args.length > 5 ? Integer.parseInt(args[5]) : 1_000);
            case "tokens" -> tokens(args[1], Path.of(args[2]));
            case "operator" -> System.out.println(operatorToken(args[1]));
            case "rules" -> rules(args[1], args[2], Path.of(args[3]), Integer.parseInt(args[4]));
            case "mall" -> mall(args[1], args[2], Path.of(args[3]), Long.parseLong(args[4]), Long.parseLong(args[5]));
            case "member-tokens" -> memberTokens(Path.of(args[1]), System.getenv("JIFEN_MEMBER_TOKENS_KEYS_DEVSTACK"));
            case "mall-pages" -> mallPages(args[1], args[2], Path.of(args[3]));
            case "auto-login-link" -> System.out.println(autoLoginLink(Path.of(args[1]), args.length > 2 ? args[2] : "m0"));
            case "flash" -> flash(args[1], args[2], Path.of(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]));
            default -> throw new IllegalArgumentException("seed, tokens, operator, rules, mall, member-tokens or flash");
        }
    }

    private static void seed(String base, String issuer, Path dir, int tenants, int membersPerTenant) throws IOException {
        List<String> clients = new ArrayList<>();
        List<String> slugs = new ArrayList<>();
        List<String> tenantIds = new ArrayList<>();
        List<String> members = new ArrayList<>();
        String run = Long.toString(System.currentTimeMillis(), 36);
        for (int t = 0; t < tenants; t++) {
            String slug = "bench-" + run + "-" + t;
            slugs.add(slug);
            String body = """
                    {"slug": "%s", "name": "Bench %d", "adminEmail": "admin@%s.bench", "adminName": "Bench",
                     "adminPassword": "bench-password-123"}""".formatted(slug, t, slug);
            String accepted = post(base + "/api/v1/signups", null, "application/json", body);
            verifyEmail(issuer.substring(0, issuer.indexOf("/realms/")), "admin@" + slug + ".bench");
            String signup = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/signups/" + field(accepted, "tenantId") + "/resumption"))
                    .header("Content-Type", "application/json").header("Jifen-Resume-Token", field(accepted, "resumeToken"))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
            tenantIds.add(field(accepted, "tenantId"));
            String clientId = field(signup, "clientId");
            String secret = field(signup, "secret");
            clients.add(clientId + " " + secret);
            String token = token(issuer, clientId, secret);
            StringBuilder csv = new StringBuilder("external_id,audience\n");
            for (int m = 0; m < membersPerTenant; m++) {
                csv.append("m").append(m).append(",CONSUMER\n");
            }
            post(base + "/api/v1/members/imports", token, "text/csv", csv.toString());
            for (int page = 0; page * 500 < membersPerTenant; page++) {
                Matcher ids = ID.matcher(get(base + "/api/v1/members?size=500&page=" + page, token));
                while (ids.find()) {
                    members.add(ids.group(1) + " " + t);
                }
            }
        }
        Collections.shuffle(members, new Random(42));
        Files.createDirectories(dir);
        Files.write(dir.resolve("clients.txt"), clients);
        Files.write(dir.resolve("tenants.txt"), slugs);
        Files.write(dir.resolve("tenant-ids.txt"), tenantIds);
        Files.write(dir.resolve("members.txt"), members);
        System.out.println("seeded " + members.size() + " members in " + tenants + " tenants into " + dir);
        tokens(issuer, dir);
    }

    /**
     * Publishes, for every seeded tenant, an earning rule set of {@code count} rules (points per yuan, category and
     * channel rates, multipliers for first orders and member days, threshold bonuses, fixed points for behaviours).
     */
    private static void rules(String base, String issuer, Path dir, int count) throws IOException {
        String[] categories = {"milk", "diapers", "toys", "shoes", "books", "coffee", "rice", "phones"};
        StringBuilder rules = new StringBuilder();
        for (int r = 0; r < count; r++) {
            String rule = switch (r % 5) {
                case 0 -> "{\"id\": \"per-yuan-%d\", \"priority\": %d, \"eventTypes\": [\"ORDER_PAID\"], \"when\": {\"categories\": [\"%s\"]}, \"award\": {\"kind\": \"PER_YUAN\", \"points\": 2}}"
                        .formatted(r, 100 - r, categories[r % categories.length]);
                case 1 -> "{\"id\": \"channel-%d\", \"priority\": %d, \"eventTypes\": [\"ORDER_PAID\"], \"when\": {\"channels\": [\"app\"], \"minAmountFen\": %d}, \"award\": {\"kind\": \"PER_YUAN\", \"points\": 1, \"rounding\": \"HALF_UP\"}}"
                        .formatted(r, 100 - r, r * 1_000);
                case 2 -> "{\"id\": \"multiplier-%d\", \"priority\": %d, \"eventTypes\": [\"ORDER_PAID\"], \"when\": {\"memberDays\": [%d]}, \"award\": {\"kind\": \"MULTIPLIER\", \"factor\": 1.5}}"
                        .formatted(r, 100 - r, 1 + r % 28);
                case 3 -> "{\"id\": \"bonus-%d\", \"priority\": %d, \"eventTypes\": [\"ORDER_PAID\"], \"award\": {\"kind\": \"THRESHOLD_BONUS\", \"thresholds\": [{\"minAmountFen\": %d, \"points\": 50}]}}"
                        .formatted(r, 100 - r, 20_000 + r * 1_000);
                default -> "{\"id\": \"behaviour-%d\", \"priority\": %d, \"eventTypes\": [\"CHECK_IN\", \"SHARE\"], \"award\": {\"kind\": \"FIXED\", \"points\": 5}, \"perEventCap\": 5}"
                        .formatted(r, 100 - r);
            };
            rules.append(r == 0 ? "" : ",").append(rule);
        }
        String body = "{\"rules\": {\"stacking\": \"MAX\", \"dailyCapPerMember\": 1000000, \"rules\": [" + rules
                + "]}, \"effectiveFrom\": \"2020-01-01T00:00:00Z\"}";
        for (String slug : Files.readAllLines(dir.resolve("tenants.txt"))) {
            String admin = adminToken(issuer, slug);
            String id = field(post(base + "/api/v1/earning/rule-versions", admin, "application/json", body), "id");
            post(base + "/api/v1/earning/rule-versions/" + id + "/publish", admin, "application/json", "{}");
        }
        System.out.println("published " + count + " rules in each tenant");
    }

    private static void tokens(String issuer, Path dir) throws IOException {
        List<String> tokens = new ArrayList<>();
        for (String client : Files.readAllLines(dir.resolve("clients.txt"))) {
            String[] parts = client.split(" ");
            tokens.add(token(issuer, parts[0], parts[1]));
        }
        List<String> lines = new ArrayList<>();
        for (String member : Files.readAllLines(dir.resolve("members.txt"))) {
            String[] parts = member.split(" ");
            lines.add(parts[0] + " " + tokens.get(Integer.parseInt(parts[1])));
        }
        Files.write(dir.resolve("wrk-members.txt"), lines);
    }

    /**
     * Sets up every seeded tenant's mall for the checkout benchmark: one item of its own, paid in points, worth
     * {@code priceFen} with a stock no run empties, and {@code points} for every member; writes DIR/items.txt (the item
     * of each tenant, in tenant order).
     */
    private static void mall(String base, String issuer, Path dir, long priceFen, long points) throws IOException {
        List<String> items = new ArrayList<>();
        List<String> clients = Files.readAllLines(dir.resolve("clients.txt"));
        List<String> slugs = Files.readAllLines(dir.resolve("tenants.txt"));
        for (int t = 0; t < slugs.size(); t++) {
            String admin = adminToken(issuer, slugs.get(t));
            String item = post(base + "/api/v1/mall/items", admin, "application/json", """
                    {"kind": "VIRTUAL", "title": "话费 10 元", "status": "ON_SALE", "payment": "POINTS", "priceFen": %d, "stock": 1000000000}"""
                    .formatted(priceFen));
            items.add("item:" + field(item, "id"));
        }
        Files.write(dir.resolve("items.txt"), items);
        earnForAll(base, issuer, dir, clients, points);
        System.out.println("one item and " + points + " points a member in " + slugs.size() + " tenants");
    }

    /**
     * The mall on the phone's benchmark (issue 16), in the first seeded tenant, as the run command's demo tenant: the
     * demo's two items (a physical one paid in points, one in points + cash), 20,000 points for every member, a brand
     * colour light enough that the pages must pick dark text on it, and a fresh auto-login secret. Writes DIR/items.txt
     * (the physical item, for member-tokens) and DIR/auto-login-secret.txt.
     */
    private static void mallPages(String base, String issuer, Path dir) throws IOException {
        String slug = Files.readAllLines(dir.resolve("tenants.txt")).getFirst();
        String admin = adminToken(issuer, slug);
        String cup = post(base + "/api/v1/mall/items", admin, "application/json", """
                {"kind": "PHYSICAL", "title": "保温杯 500ml", "description": "316 不锈钢内胆，12 小时保温。", "status": "ON_SALE",
                 "payment": "POINTS", "priceFen": 6800, "stock": 1000000}""");
        post(base + "/api/v1/mall/items", admin, "application/json", """
                {"kind": "PHYSICAL", "title": "运动水壶（积分 + 现金）", "status": "ON_SALE", "payment": "POINTS_AND_CASH",
                 "priceFen": 9900, "cashFen": 2000, "stock": 1000000}""");
        send(HttpRequest.newBuilder(URI.create(base + "/api/v1/tenant")).header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"primaryColor\": \"#f5c518\", \"accentColor\": \"#0a7d5a\"}")).build());
        String secret = field(post(base + "/api/v1/auto-login/secret", admin, "application/json", "{}"), "secret");
        Files.write(dir.resolve("items.txt"), List.of("item:" + field(cup, "id")));
        Files.writeString(dir.resolve("auto-login-secret.txt"), secret);
        earnForAll(base, issuer, dir, Files.readAllLines(dir.resolve("clients.txt")).subList(0, 1), 20_000);
        System.out.println("two items, 20,000 points a member and an auto-login secret in " + slug);
    }

    /** A fresh auto-login link (path and query) for the first tenant's member {@code externalId}, as a brand's back end mints it. */
    private static String autoLoginLink(Path dir, String externalId) throws IOException {
        String slug = Files.readAllLines(dir.resolve("tenants.txt")).getFirst();
        String secret = Files.readString(dir.resolve("auto-login-secret.txt")).strip();
        String ts = Long.toString(System.currentTimeMillis() / 1000);
        String nonce = UUID.randomUUID().toString().replace("-", "");
        StringBuilder canonical = new StringBuilder();
        for (String v : List.of("jifen-auto-login-v1", slug, externalId, ts, nonce, "")) {
            canonical.append(v.getBytes(StandardCharsets.UTF_8).length).append(':').append(v).append(',');
        }
        try {
            var mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "/m/%s/auto-login?member=%s&ts=%s&nonce=%s&sig=%s".formatted(slug, enc(externalId), ts, nonce,
                    java.util.HexFormat.of().formatHex(mac.doFinal(canonical.toString().getBytes(StandardCharsets.UTF_8))));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code points} for every seeded member, 32 requests at a time. */
    private static void earnForAll(String base, String issuer, Path dir, List<String> clients, long points) throws IOException {
        List<String> tokens = new ArrayList<>();
        for (String client : clients) {
            String[] parts = client.split(" ");
            tokens.add(token(issuer, parts[0], parts[1]));
        }
        List<String> members = Files.readAllLines(dir.resolve("members.txt"));
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var permits = new java.util.concurrent.Semaphore(32);
            for (String member : members) {
                String[] parts = member.split(" ");
                permits.acquireUninterruptibly();
                threads.submit(() -> {
                    try {
                        post(base + "/api/v1/members/" + parts[0] + "/points/earn", tokens.get(Integer.parseInt(parts[1])), "application/json",
                                "{\"points\": " + points + ", \"source\": \"bench\"}");
                    } finally {
                        permits.release();
                    }
                });
            }
        }
    }

    /**
     * Member tokens as the platform issues them after an auto-login (HS256 under the devstack's member-token key, which
     * the run's stack.env holds), into DIR/wrk-checkout.txt: one "token itemRef" line per member, for wrk/checkout.lua.
     */
    private static void memberTokens(Path dir, String key) throws IOException {
        List<String> tenantIds = Files.readAllLines(dir.resolve("tenant-ids.txt"));
        List<String> items = Files.exists(dir.resolve("items.txt")) ? Files.readAllLines(dir.resolve("items.txt")) : List.of();
        List<String> lines = new ArrayList<>();
        for (String member : Files.readAllLines(dir.resolve("members.txt"))) {
            String[] parts = member.split(" ");
            int tenant = Integer.parseInt(parts[1]);
            lines.add(memberToken(key, tenantIds.get(tenant), parts[0]) + " " + (items.isEmpty() ? "-" : items.get(tenant)));
        }
        Files.write(dir.resolve("wrk-checkout.txt"), lines);
    }

    static String memberToken(String key, String tenantId, String memberId) {
        long now = System.currentTimeMillis() / 1000;
        String header = b64("{\"alg\":\"HS256\",\"kid\":\"devstack\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64(("{\"iss\":\"jifen-platform/members\",\"aud\":\"jifen-mall\",\"sub\":\"%s\",\"member_id\":\"%s\",\"tenant_id\":\"%s\","
                + "\"azp\":\"jifen-mall\",\"realm_access\":{\"roles\":[\"member\"]},\"iat\":%d,\"exp\":%d,\"jti\":\"%s\"}")
                .formatted(memberId, memberId, tenantId, now, now + 900, UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        try {
            var mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(java.util.Base64.getDecoder().decode(key.strip()), "HmacSHA256"));
            return header + "." + claims + "." + b64(mac.doFinal((header + "." + claims).getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] bytes) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The flash sale: in the first seeded tenant, {@code units} units of a new item on a sale open now, and every member
     * of the tenant (with points for it) orders one, {@code concurrency} at a time, each exactly once. Prints how many
     * got one and how the others were answered, the latency p50 and p99, and what the sale and the orders say after.
     */
    private static void flash(String base, String issuer, Path dir, int units, int concurrency) throws IOException {
        String slug = Files.readAllLines(dir.resolve("tenants.txt")).getFirst();
        String tenantId = Files.readAllLines(dir.resolve("tenant-ids.txt")).getFirst();
        String admin = adminToken(issuer, slug);
        String item = field(post(base + "/api/v1/mall/items", admin, "application/json", """
                {"kind": "VIRTUAL", "title": "秒杀 手机", "status": "ON_SALE", "payment": "POINTS", "priceFen": 399900, "stock": 1000}"""), "id");
        String key = System.getenv("JIFEN_MEMBER_TOKENS_KEYS_DEVSTACK");
        List<String> tokens = Files.readAllLines(dir.resolve("members.txt")).stream().filter(m -> m.endsWith(" 0"))
                .map(m -> memberToken(key, tenantId, m.split(" ")[0])).toList();
        // This client's warm-up (its JIT, its connections), not measured: 2,000 of the members race for a sale of one unit.
        String warmUp = field(post(base + "/api/v1/mall/flash-sales", admin, "application/json", """
                {"itemId": "%s", "startsAt": "%s", "endsAt": "%s", "stock": 1, "priceFen": 100}"""
                .formatted(item, java.time.Instant.now().minusSeconds(1), java.time.Instant.now().plusSeconds(3_600))), "id");
        race(base, tokens.subList(0, Math.min(2_000, tokens.size())), "{\"item\": \"item:%s\", \"quantity\": 1, \"flashSale\": \"%s\"}"
                .formatted(item, warmUp), concurrency, new java.util.concurrent.ConcurrentLinkedQueue<>(), new java.util.concurrent.ConcurrentHashMap<>());
        String sale = field(post(base + "/api/v1/mall/flash-sales", admin, "application/json", """
                {"itemId": "%s", "startsAt": "%s", "endsAt": "%s", "stock": %d, "priceFen": 100}"""
                .formatted(item, java.time.Instant.now().minusSeconds(1), java.time.Instant.now().plusSeconds(3_600), units)), "id");
        String body = "{\"item\": \"item:%s\", \"quantity\": 1, \"flashSale\": \"%s\"}".formatted(item, sale);
        var latencies = new java.util.concurrent.ConcurrentLinkedQueue<Long>();
        var answers = new java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicInteger>();
        var won = new java.util.concurrent.ConcurrentLinkedQueue<long[]>();
        long started = System.nanoTime();
        race(base, tokens, body, concurrency, latencies, answers, won);
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] wins = won.stream().mapToLong(w -> w[0]).sorted().toArray();
        long soldOutAt = won.stream().mapToLong(w -> w[1] - started).max().orElse(0);
        String sold = get(base + "/api/v1/mall/flash-sales/" + sale, admin).replaceAll(".*\"sold\":(\\d+).*", "$1");
        String reconciliation = get(base + "/api/v1/redemption/reconciliation", admin);
        System.out.printf("flash sale: %d buyers, %d units, %d at a time, in %.1f s: answers %s; p50 %.1f ms, p99 %.1f ms, max %.1f ms; "
                        + "the last unit sold %.0f ms after the start, the winners' p50 %.1f ms, max %.1f ms; the sale says sold %s; reconciliation %s%n",
                tokens.size(), units, concurrency, seconds, answers, sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6,
                sorted[sorted.length - 1] / 1e6, soldOutAt / 1e6, wins.length == 0 ? 0 : wins[wins.length / 2] / 1e6,
                wins.length == 0 ? 0 : wins[wins.length - 1] / 1e6, sold, reconciliation.contains("\"findings\":[]") ? "balanced" : reconciliation);
    }

    private static final Pattern PROBLEM_TYPE = Pattern.compile("\"type\":\"[^\"]*/([a-z-]+)\"");

    /** Each token's member orders once with {@code body}, {@code concurrency} at a time; their latencies and answers. */
    private static void race(String base, List<String> tokens, String body, int concurrency, java.util.Queue<Long> latencies,
                             Map<String, java.util.concurrent.atomic.AtomicInteger> answers) {
        race(base, tokens, body, concurrency, latencies, answers, new java.util.concurrent.ConcurrentLinkedQueue<>());
    }

    /** {@link #race}, with each order placed (201) as its latency and the instant it was answered ({@code System.nanoTime}). */
    private static void race(String base, List<String> tokens, String body, int concurrency, java.util.Queue<Long> latencies,
                             Map<String, java.util.concurrent.atomic.AtomicInteger> answers, java.util.Queue<long[]> won) {
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var permits = new java.util.concurrent.Semaphore(concurrency);
            for (String token : tokens) {
                permits.acquireUninterruptibly();
                threads.submit(() -> {
                    try {
                        var request = HttpRequest.newBuilder(URI.create(base + "/api/v1/me/orders")).header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + token).header("Idempotency-Key", UUID.randomUUID().toString())
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                        long t0 = System.nanoTime();
                        var response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                        long t1 = System.nanoTime();
                        latencies.add(t1 - t0);
                        if (response.statusCode() == 201) {
                            won.add(new long[] {t1 - t0, t1});
                        }
                        Matcher type = PROBLEM_TYPE.matcher(response.body());
                        String answer = response.statusCode() + (response.statusCode() == 201 || !type.find() ? "" : " " + type.group(1));
                        answers.computeIfAbsent(answer, a -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
                    } catch (IOException | InterruptedException e) {
                        answers.computeIfAbsent("error " + e, a -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
                    } finally {
                        permits.release();
                    }
                });
            }
        }
    }

    private static String adminToken(String issuer, String slug) {
        return field(post(issuer + "/protocol/openid-connect/token", null, "application/x-www-form-urlencoded",
                "grant_type=password&client_id=jifen-demo-cli&scope=openid&username=" + enc("admin@" + slug + ".bench")
                        + "&password=bench-password-123"), "access_token");
    }

    /** What the admin's click on the verification mail's link does, done by Keycloak's administrator. */
    private static void verifyEmail(String keycloak, String email) {
        String admin = field(post(keycloak + "/realms/master/protocol/openid-connect/token", null, "application/x-www-form-urlencoded",
                "grant_type=password&client_id=admin-cli&username=admin&password=admin"), "access_token");
        String users = keycloak + "/admin/realms/jifen/users";
        String userId = field(get(users + "?exact=true&email=" + enc(email), admin), "id");
        send(HttpRequest.newBuilder(URI.create(users + "/" + userId)).header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"emailVerified\": true, \"requiredActions\": []}")).build());
    }

    private static String operatorToken(String keycloak) {
        String admin = field(post(keycloak + "/realms/master/protocol/openid-connect/token", null, "application/x-www-form-urlencoded",
                "grant_type=password&client_id=admin-cli&username=admin&password=admin"), "access_token");
        String users = keycloak + "/admin/realms/jifen/users";
        String email = "bench-operator@jifen.bench";
        String password = "bench-operator-password";
        if (!get(users + "?exact=true&email=" + enc(email), admin).contains(email)) {
            post(users, admin, "application/json", """
                    {"username": "%s", "email": "%s", "emailVerified": true, "enabled": true, "firstName": "Bench",
                     "lastName": "Operator", "credentials": [{"type": "password", "value": "%s", "temporary": false}]}"""
                    .formatted(email, email, password));
            String userId = field(get(users + "?exact=true&email=" + enc(email), admin), "id");
            String role = get(keycloak + "/admin/realms/jifen/roles/platform-operator", admin);
            post(users + "/" + userId + "/role-mappings/realm", admin, "application/json", "[" + role + "]");
        }
        return field(post(keycloak + "/realms/jifen/protocol/openid-connect/token", null, "application/x-www-form-urlencoded",
                "grant_type=password&client_id=jifen-demo-cli&scope=openid&username=" + enc(email) + "&password=" + password), "access_token");
    }

    private static String token(String issuer, String clientId, String secret) {
        return field(post(issuer + "/protocol/openid-connect/token", null, "application/x-www-form-urlencoded",
                "grant_type=client_credentials&client_id=" + enc(clientId) + "&client_secret=" + enc(secret)), "access_token");
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
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
