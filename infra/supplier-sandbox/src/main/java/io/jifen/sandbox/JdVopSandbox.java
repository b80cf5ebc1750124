package io.jifen.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A sandbox of JD's enterprise purchasing API (京东VOP): form-encoded POSTs, answers wrapped in
 * {@code {"success", "resultCode", "resultMessage", "result"}}, an OAuth2-style access token obtained with a signed
 * request and renewed with a refresh token. It serves the product side over a {@link SandboxCatalog}: product pools,
 * SKUs by pool page, details, listing state, prices and stock in batches of up to 100, area limits, and the change
 * message queue (read, then deleted by id). The order side over {@link SandboxOrders}: submit under the client's
 * order number (thirdOrder) with stock pre-occupied, confirm, cancel unconfirmed, look up by thirdOrder, state and
 * tracking, delivery (type 5) and cancellation (type 10) messages, and paged reconciliation of the orders billed in a
 * month.
 *
 * <p>Where it deliberately differs from JD: {@code getDetail} takes up to 100 SKUs at once and answers a list (JD's
 * answers one object per call). Failures are switched on through {@link #faults()} or the admin endpoints under
 * {@code /sandbox/admin/}: a per-second call limit (answered as JD does, {@code resultCode} 0010 with HTTP 200), slow
 * answers (past any sane client time-out), and malformed JSON.
 */
public final class JdVopSandbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JdVopSandbox.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final int MAX_SKUS = 100;

    /** What a client must present; the defaults are the devstack's. */
    public record Credentials(String clientId, String clientSecret, String username, String password) {
        public static final Credentials DEVSTACK = new Credentials("jifen-hub", "sandbox-client-secret", "jifen-vop", "sandbox-password");
    }

    /** Failures to inject; all off by default. */
    public static final class Faults {
        /** Calls per second answered; the rest get JD's rate-limit answer. 0: unlimited. */
        public volatile int callsPerSecond;
        /** Share of calls answered only after {@link #slowDelay}. */
        public volatile double slowRate;
        public volatile Duration slowDelay = Duration.ofSeconds(5);
        /** Share of calls answered with truncated JSON. */
        public volatile double malformedRate;
        /** Calls that name this SKU id are answered with truncated JSON (a poison SKU); null: none. */
        public volatile String poisonSku;
        /**
         * The next this many calls are carried out but answered only after {@link #slowDelay}: the answer is lost to a
         * client that timed out (an order placed whose confirmation never arrived).
         */
        public final AtomicInteger loseAnswers = new AtomicInteger();
        /** The API path whose calls {@link #loseAnswers} applies to; null: any. */
        public volatile String loseAnswersOf;
    }

    private record Token(String accessToken, String refreshToken, long expiresAtMillis) {
    }

    private final SandboxCatalog catalog;
    private final Credentials credentials;
    private final Faults faults = new Faults();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Map<String, Token> refreshTokens = new ConcurrentHashMap<>();
    private final SandboxHttp.CallLimit callLimit = new SandboxHttp.CallLimit();
    private final AtomicLong calls = new AtomicLong();
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(24);
    private final HttpServer server;
    private final SandboxOrders orders = new SandboxOrders(90_000_000_000L);
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "jd-sandbox-deliveries");
        thread.setDaemon(true);
        return thread;
    });

    public JdVopSandbox(SandboxCatalog catalog, Credentials credentials, int port) {
        this.catalog = catalog;
        this.credentials = credentials;
        server = SandboxHttp.server(port, this::handle);
    }

    public JdVopSandbox start() {
        server.start();
        // JD announces each delivered order (妥投) with a type-5 message.
        ticker.scheduleWithFixedDelay(() -> orders.announceDeliveries(order -> catalog.publish(5,
                Map.of("orderId", order.id, "state", 1))), 100, 100, TimeUnit.MILLISECONDS);
        log.info("JD VOP sandbox with {} SKUs in {} pools at {}", catalog.skus().size(), catalog.pools().size(), uri());
        return this;
    }

    public URI uri() {
        return SandboxHttp.uri(server);
    }

    public SandboxCatalog catalog() {
        return catalog;
    }

    public Faults faults() {
        return faults;
    }

    /** The orders placed with this sandbox, and how fast they ship. */
    public SandboxOrders orders() {
        return orders;
    }

    /** Calls answered so far (all endpoints, the admin ones excepted). */
    public long calls() {
        return calls.get();
    }

    /** Every access token issued so far stops working (their refresh tokens still do). */
    public void expireTokens() {
        tokens.clear();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Map<String, String> params = params(exchange);
            if (path.startsWith("/sandbox/admin/")) {
                SandboxHttp.answer(exchange, 200, JSON.writeValueAsBytes(admin(path.substring("/sandbox/admin/".length()), params)));
                return;
            }
            calls.incrementAndGet();
            if (!"POST".equals(exchange.getRequestMethod())) {
                SandboxHttp.answer(exchange, 405, new byte[0]);
                return;
            }
            if (callLimit.exceeded(faults.callsPerSecond)) {
                SandboxHttp.answer(exchange, 200, envelope(false, "0010", "调用频率超限，请稍后再试", null));
                return;
            }
            ThreadLocalRandom random = ThreadLocalRandom.current();
            if (random.nextDouble() < faults.slowRate) {
                Thread.sleep(faults.slowDelay);
            }
            byte[] body = route(path, params);
            String loseOf = faults.loseAnswersOf;
            if ((loseOf == null || loseOf.equals(path)) && faults.loseAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                Thread.sleep(faults.slowDelay);
            }
            String poison = faults.poisonSku;
            boolean poisoned = poison != null && params.values().stream().anyMatch(value -> Arrays.asList(value.split("[,\\[\\]{}:\"]")).contains(poison));
            if (poisoned || random.nextDouble() < faults.malformedRate) {
                body = Arrays.copyOf(body, Math.max(1, body.length / 2));
            }
            SandboxHttp.answer(exchange, 200, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("sandbox failed on {}", exchange.getRequestURI(), e);
        }
    }

    private byte[] route(String path, Map<String, String> params) {
        try {
            return switch (path) {
                case "/oauth2/accessToken" -> accessToken(params);
                case "/oauth2/refreshToken" -> refreshToken(params);
                default -> {
                    if (!validToken(params.get("token"))) {
                        yield envelope(false, "1001", "token不正确或已过期", null);
                    }
                    yield ok(api(path, params));
                }
            };
        } catch (BadRequest e) {
            return envelope(false, e.code, e.getMessage(), null);
        }
    }

    private Object api(String path, Map<String, String> params) {
        return switch (path) {
            case "/api/product/getPageNum" -> catalog.pools().stream()
                    .map(pool -> Map.of("name", pool.name(), "page_num", pool.pageNum())).toList();
            case "/api/product/querySkuByPage" -> skusByPage(params);
            case "/api/product/getDetail" -> skus(params.get("sku")).stream().map(JdVopSandbox::detail).toList();
            case "/api/product/skuState" -> skus(params.get("sku")).stream()
                    .map(sku -> Map.of("sku", sku.id, "state", sku.listed() ? 1 : 0)).toList();
            case "/api/price/getSellPrice" -> skus(params.get("sku")).stream().map(sku -> Map.of(
                    "skuId", sku.id, "price", yuan(sku.costFen()), "jdPrice", yuan(sku.marketFen()))).toList();
            case "/api/stock/getNewStockById" -> stock(params);
            case "/api/product/checkAreaLimit" -> areaLimits(params);
            case "/api/message/get" -> messages(params);
            case "/api/message/del" -> catalog.deleteMessage(longParam(params, "id"));
            case "/api/order/submitOrder" -> submitOrder(params);
            case "/api/order/confirmOrder" -> {
                if (!orders.confirm(order(params))) {
                    throw new BadRequest("3103", "订单已取消，不能确认");
                }
                yield true;
            }
            case "/api/order/cancel" -> {
                var order = order(params);
                if (!orders.cancel(order)) {
                    throw new BadRequest("3102", "订单已确认，不能取消");
                }
                catalog.publish(10, Map.of("orderId", order.id));
                yield true;
            }
            case "/api/order/selectJdOrderIdByThirdOrder" -> {
                var order = orders.byClientOrderNo(params.getOrDefault("thirdOrder", ""));
                if (order == null) {
                    throw new BadRequest("3101", "订单不存在: " + params.get("thirdOrder"));
                }
                yield String.valueOf(order.id);
            }
            case "/api/order/selectJdOrder" -> orderState(order(params));
            case "/api/order/orderTrack" -> {
                var order = order(params);
                yield Map.of("jdOrderId", order.id, "orderTrack", orders.track(order).stream()
                        .map(line -> Map.of("msgTime", line[0], "content", line[1], "operator", "系统")).toList());
            }
            case "/api/order/checkDlokOrder" -> deliveredOrders(params);
            default -> throw new BadRequest("2001", "接口不存在: " + path);
        };
    }

    private byte[] accessToken(Map<String, String> params) {
        if (!"access_token".equals(params.get("grant_type")) || !credentials.clientId().equals(params.get("client_id"))
                || !credentials.username().equals(params.get("username"))) {
            throw new BadRequest("1002", "client_id、username或grant_type不正确");
        }
        String passwordMd5 = md5(credentials.password());
        if (!passwordMd5.equals(params.get("password"))) {
            throw new BadRequest("1003", "密码不正确");
        }
        String timestamp = params.getOrDefault("timestamp", "");
        String expected = sign(credentials.clientSecret(), timestamp, credentials.clientId(), credentials.username(), passwordMd5,
                "access_token");
        if (!expected.equals(params.get("sign"))) {
            throw new BadRequest("1004", "签名不正确");
        }
        return ok(issue());
    }

    private byte[] refreshToken(Map<String, String> params) {
        if (!credentials.clientId().equals(params.get("client_id")) || !credentials.clientSecret().equals(params.get("client_secret"))) {
            throw new BadRequest("1002", "client_id或client_secret不正确");
        }
        Token old = refreshTokens.remove(params.getOrDefault("refresh_token", ""));
        if (old == null) {
            throw new BadRequest("1005", "refresh_token不正确或已过期");
        }
        tokens.remove(old.accessToken());
        return ok(issue());
    }

    private Map<String, Object> issue() {
        var token = new Token(UUID.randomUUID().toString().replace("-", ""), UUID.randomUUID().toString().replace("-", ""),
                System.currentTimeMillis() + TOKEN_LIFETIME.toMillis());
        tokens.put(token.accessToken(), token);
        refreshTokens.put(token.refreshToken(), token);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("uid", "sandbox-" + credentials.username());
        result.put("access_token", token.accessToken());
        result.put("refresh_token", token.refreshToken());
        result.put("time", System.currentTimeMillis());
        result.put("expires_in", TOKEN_LIFETIME.toSeconds());
        result.put("refresh_token_expires", System.currentTimeMillis() + Duration.ofDays(30).toMillis());
        return result;
    }

    private boolean validToken(String accessToken) {
        Token token = accessToken == null ? null : tokens.get(accessToken);
        return token != null && token.expiresAtMillis() > System.currentTimeMillis();
    }

    private Map<String, Object> skusByPage(Map<String, String> params) {
        String pageNum = params.getOrDefault("pageNum", "");
        var pool = catalog.pools().stream().filter(p -> p.pageNum().equals(pageNum)).findFirst()
                .orElseThrow(() -> new BadRequest("2002", "商品池不存在: " + pageNum));
        int pageSize = 1000;
        int pageCount = Math.max(1, (pool.skuIds().size() + pageSize - 1) / pageSize);
        int pageNo = (int) longParam(params, "pageNo");
        if (pageNo < 1 || pageNo > pageCount) {
            throw new BadRequest("2001", "pageNo超出范围: " + pageNo);
        }
        var ids = pool.skuIds().subList((pageNo - 1) * pageSize, Math.min(pool.skuIds().size(), pageNo * pageSize));
        return Map.of("pageCount", pageCount, "skuIds", ids);
    }

    private static Map<String, Object> detail(SandboxCatalog.Sku sku) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("sku", sku.id);
        detail.put("name", sku.name);
        detail.put("brandName", sku.brand);
        detail.put("category", Arrays.stream(sku.categoryIds).mapToObj(String::valueOf).collect(Collectors.joining(";")));
        detail.put("categoryName", String.join(";", sku.categoryNames));
        detail.put("imagePath", sku.imagePath);
        detail.put("state", sku.listed() ? 1 : 0);
        detail.put("weight", BigDecimal.valueOf(sku.weightGrams, 3));
        detail.put("saleUnit", sku.unit);
        detail.put("upc", sku.upc);
        detail.put("introduction", sku.introduction);
        return detail;
    }

    /** JD answers stock as a JSON string inside the JSON answer. */
    private String stock(Map<String, String> params) {
        List<Map<String, Object>> wanted;
        try {
            wanted = JSON.readValue(params.getOrDefault("skuNums", "[]"), new TypeReference<>() {
            });
        } catch (RuntimeException e) {
            throw new BadRequest("2001", "skuNums格式不正确");
        }
        if (wanted.size() > MAX_SKUS) {
            throw new BadRequest("3001", "sku数量不能超过" + MAX_SKUS);
        }
        int province = province(params.getOrDefault("area", ""));
        List<Map<String, Object>> states = new ArrayList<>();
        for (var item : wanted) {
            var sku = sku(String.valueOf(item.get("skuId")));
            int num = ((Number) item.getOrDefault("num", 1)).intValue();
            // 33 in stock; 34 out of stock, also where the SKU is not delivered (checkAreaLimit says why).
            int state = !sku.restrictedProvinces.contains(province) && sku.stock() >= num ? 33 : 34;
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("skuId", sku.id);
            answer.put("areaId", params.get("area"));
            answer.put("stockStateId", state);
            answer.put("stockStateDesc", state == 33 ? "有货" : "无货");
            answer.put("remainNum", state == 33 ? sku.stock() : 0);
            states.add(answer);
        }
        return JSON.writeValueAsString(states);
    }

    private List<Map<String, Object>> areaLimits(Map<String, String> params) {
        int province = (int) longParam(params, "province");
        return skus(params.get("skuIds")).stream()
                .map(sku -> Map.<String, Object>of("skuId", sku.id, "isAreaRestrict", sku.restrictedProvinces.contains(province)))
                .toList();
    }

    private List<Map<String, Object>> messages(Map<String, String> params) {
        Set<Integer> types = Arrays.stream(params.getOrDefault("type", "").split(",")).map(String::trim).filter(t -> !t.isEmpty())
                .map(Integer::valueOf).collect(Collectors.toSet());
        return catalog.messages(types, 100).stream().map(message -> Map.<String, Object>of(
                "id", String.valueOf(message.id()), "type", message.type(), "time", message.time(), "result", message.result())).toList();
    }

    /**
     * Places an order of one SKU line in the pre-occupy mode (submitState 0: stock is held until confirmOrder). The
     * thirdOrder is the client's order number: a second order with it is refused with 0008, and the client looks the
     * first one up with selectJdOrderIdByThirdOrder. The client states the price it expects (orderPriceSnap); if JD's
     * price differs the order is refused with 3019.
     */
    private Map<String, Object> submitOrder(Map<String, String> params) {
        String thirdOrder = params.getOrDefault("thirdOrder", "");
        if (thirdOrder.isBlank() || thirdOrder.length() > 64) {
            throw new BadRequest("2001", "thirdOrder不能为空");
        }
        for (String field : List.of("name", "mobile", "address", "province", "city", "county")) {
            if (params.getOrDefault(field, "").isBlank()) {
                throw new BadRequest("2001", field + "不能为空");
            }
        }
        List<Map<String, Object>> lines;
        Map<Long, Long> snapshot = new HashMap<>();
        try {
            lines = JSON.readValue(params.getOrDefault("sku", "[]"), new TypeReference<>() {
            });
            List<Map<String, Object>> prices = JSON.readValue(params.getOrDefault("orderPriceSnap", "[]"), new TypeReference<>() {
            });
            prices.forEach(price -> snapshot.put(Long.parseLong(String.valueOf(price.get("skuId"))),
                    new BigDecimal(String.valueOf(price.get("price"))).movePointRight(2).longValueExact()));
        } catch (RuntimeException e) {
            throw new BadRequest("2001", "sku或orderPriceSnap格式不正确");
        }
        if (lines.size() != 1) {
            throw new BadRequest("2001", "沙箱每单只支持一个商品行");
        }
        var sku = sku(String.valueOf(lines.getFirst().get("skuId")));
        int num = ((Number) lines.getFirst().getOrDefault("num", 1)).intValue();
        if (num < 1 || num > 200) {
            throw new BadRequest("2001", "num不正确: " + num);
        }
        if (!sku.listed()) {
            throw new BadRequest("3008", "商品已下架: " + sku.id);
        }
        if (sku.restrictedProvinces.contains(province(params.get("province"))) || sku.stock() < num) {
            throw new BadRequest("3009", "商品无货或该地区不支持配送: " + sku.id);
        }
        long price = sku.costFen();
        Long expected = snapshot.get(sku.id);
        if (expected == null || expected != price) {
            throw new BadRequest("3019", "商品价格发生变化，当前价格 " + yuan(price) + ": " + sku.id);
        }
        var order = orders.submit(thirdOrder, sku.id, num, price);
        if (order == null) {
            throw new BadRequest("0008", "重复下单，thirdOrder已存在: " + thirdOrder);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("jdOrderId", order.id);
        result.put("freight", 0);
        result.put("orderPrice", yuan(order.totalFen()));
        result.put("sku", List.of(Map.of("skuId", sku.id, "num", num, "price", yuan(price))));
        return result;
    }

    private SandboxOrders.Order order(Map<String, String> params) {
        var order = orders.get(longParam(params, "jdOrderId"));
        if (order == null) {
            throw new BadRequest("3101", "订单不存在: " + params.get("jdOrderId"));
        }
        return order;
    }

    /** JD's order states: orderState 0 cancelled / 1 valid; submitState 0 unconfirmed / 1 confirmed; jdOrderState 1 new, 18 shipping, 19 delivered. */
    private Map<String, Object> orderState(SandboxOrders.Order order) {
        var state = orders.state(order);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("jdOrderId", order.id);
        result.put("thirdOrder", order.clientOrderNo);
        result.put("orderState", state == SandboxOrders.State.CANCELLED ? 0 : 1);
        result.put("submitState", state == SandboxOrders.State.SUBMITTED || state == SandboxOrders.State.CANCELLED ? 0 : 1);
        result.put("jdOrderState", switch (state) {
            case SHIPPED -> 18;
            case DELIVERED -> 19;
            default -> 1;
        });
        result.put("orderPrice", yuan(order.totalFen()));
        result.put("sku", List.of(Map.of("skuId", order.skuId, "num", order.quantity, "price", yuan(order.priceFen))));
        return result;
    }

    /**
     * Paged order reconciliation (对账): the orders JD bills for a month (Beijing time, "yyyy-MM"), delivered (妥投),
     * up to 100 a page, with what JD charges for each.
     */
    private Map<String, Object> deliveredOrders(Map<String, String> params) {
        YearMonth month;
        try {
            month = YearMonth.parse(params.getOrDefault("month", ""));
        } catch (java.time.format.DateTimeParseException e) {
            throw new BadRequest("2001", "month格式不正确，应为yyyy-MM");
        }
        int pageSize = (int) Math.min(100, Math.max(1, longParam(params, "pageSize")));
        var billed = orders.billed(month);
        int pages = Math.max(1, (billed.size() + pageSize - 1) / pageSize);
        int pageNo = (int) longParam(params, "pageNo");
        if (pageNo < 1 || pageNo > pages) {
            throw new BadRequest("2001", "pageNo超出范围: " + pageNo);
        }
        var page = billed.subList((pageNo - 1) * pageSize, Math.min(billed.size(), pageNo * pageSize)).stream().map(line -> {
            Map<String, Object> order = new LinkedHashMap<>();
            order.put("jdOrderId", line.order().id);
            order.put("thirdOrder", line.order().clientOrderNo);
            order.put("skuId", line.order().skuId);
            order.put("num", line.order().quantity);
            order.put("price", yuan(line.order().priceFen));
            order.put("orderPrice", yuan(line.totalFen()));
            order.put("finishTime", SandboxOrders.time(orders.deliveredAt(line.order())));
            return order;
        }).toList();
        return Map.of("total", billed.size(), "totalPage", pages, "curPage", pageNo, "orders", page);
    }

    private Object admin(String action, Map<String, String> params) {
        return switch (action) {
            case "change-prices" -> catalog.changePrices((int) longParam(params, "count"));
            case "toggle-listing" -> catalog.toggleListing((int) longParam(params, "count"));
            case "expire-tokens" -> {
                expireTokens();
                yield true;
            }
            case "faults" -> {
                faults.callsPerSecond = (int) Long.parseLong(params.getOrDefault("callsPerSecond", "0"));
                faults.slowRate = Double.parseDouble(params.getOrDefault("slowRate", "0"));
                faults.malformedRate = Double.parseDouble(params.getOrDefault("malformedRate", "0"));
                yield true;
            }
            default -> throw new IllegalArgumentException("unknown admin action " + action);
        };
    }


    private List<SandboxCatalog.Sku> skus(String list) {
        if (list == null || list.isBlank()) {
            throw new BadRequest("2001", "sku不能为空");
        }
        String[] ids = list.split(",");
        if (ids.length > MAX_SKUS) {
            throw new BadRequest("3001", "sku数量不能超过" + MAX_SKUS);
        }
        return Arrays.stream(ids).map(this::sku).toList();
    }

    private SandboxCatalog.Sku sku(String id) {
        SandboxCatalog.Sku sku;
        try {
            sku = catalog.sku(Long.parseLong(id.trim()));
        } catch (NumberFormatException e) {
            sku = null;
        }
        if (sku == null) {
            throw new BadRequest("3002", "sku不存在或不在商品池中: " + id);
        }
        return sku;
    }

    /** JD's area ids are "province_city_county_town". */
    private static int province(String area) {
        try {
            return Integer.parseInt(area.split("_")[0]);
        } catch (NumberFormatException e) {
            throw new BadRequest("2001", "area格式不正确: " + area);
        }
    }

    private static long longParam(Map<String, String> params, String name) {
        try {
            return Long.parseLong(params.getOrDefault(name, ""));
        } catch (NumberFormatException e) {
            throw new BadRequest("2001", name + "不正确");
        }
    }

    static BigDecimal yuan(long fen) {
        return BigDecimal.valueOf(fen, 2);
    }

    private static byte[] ok(Object result) {
        return envelope(true, "0000", "操作成功", result);
    }

    private static byte[] envelope(boolean success, String code, String message, Object result) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("success", success);
        envelope.put("resultMessage", message);
        envelope.put("resultCode", code);
        envelope.put("result", result);
        return JSON.writeValueAsBytes(envelope);
    }


    private static Map<String, String> params(HttpExchange exchange) throws IOException {
        Map<String, String> params = new HashMap<>();
        String query = exchange.getRequestURI().getRawQuery();
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String part : List.of(query == null ? "" : query, body)) {
            for (String pair : part.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }

    /** JD's token signature: MD5 of secret, timestamp, client id, user, password MD5, grant type, secret, upper case. */
    public static String sign(String clientSecret, String timestamp, String clientId, String username, String passwordMd5, String grantType) {
        return md5(clientSecret + timestamp + clientId + username + passwordMd5 + grantType + clientSecret).toUpperCase();
    }

    public static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class BadRequest extends RuntimeException {
        final String code;

        BadRequest(String code, String message) {
            super(message);
            this.code = code;
        }
    }
}
