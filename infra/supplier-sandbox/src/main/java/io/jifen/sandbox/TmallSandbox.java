package io.jifen.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.json.JsonMapper;

/**
 * A sandbox of a Tmall-style distribution API in the manner of the Taobao Open Platform (TOP): one gateway,
 * {@code POST /router/rest}, form-encoded system parameters ({@code method, app_key, session, timestamp, format=json,
 * v=2.0, sign_method=hmac}) and the method's own, signed with HMAC-MD5 under the app secret over the parameters sorted
 * by name and concatenated as name followed by value (upper-case hex). Answers are
 * {@code {"<method with underscores>_response": {...}}} or {@code {"error_response": {code, msg, sub_code, sub_msg}}}:
 * 7 for the call limit, 25 for a bad signature, 27 for an expired session (renewed with
 * {@code taobao.top.auth.token.refresh}), 15 with an {@code isv.*} sub-code for business refusals.
 *
 * <p>Methods: {@code tmall.distributor.items.get} (item ids, pages of up to 100), {@code tmall.distributor.item.details.get}
 * (up to 50 items: title, brand, category path, picture, price, stock, on sale), {@code tmall.distributor.order.create}
 * (one item, our order number as {@code outer_id}, paid from the distributor's deposit at once: no confirmation),
 * {@code tmall.distributor.order.get} (by tid or outer_id), {@code tmall.distributor.order.cancel} (before it ships),
 * {@code taobao.logistics.trace.search} (the parcel's steps) and {@code tmall.distributor.bill.get} (a month's
 * statement as CSV). Goods ship and arrive as {@link SandboxOrders.Timing} says.
 */
public final class TmallSandbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TmallSandbox.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** The app and the distributor's authorisation (session and refresh token); the defaults are the devstack's. */
    public record Credentials(String appKey, String appSecret, String session, String refreshToken) {
        public static final Credentials DEVSTACK = new Credentials("12345678", "sandbox-tmall-app-secret", "6100sandbox-session",
                "6101sandbox-refresh");
    }

    /** Failures to inject; all off by default. */
    public static final class Faults {
        /** Calls per second answered; the rest get error 7 (App Call Limited). 0: unlimited. */
        public volatile int callsPerSecond;
        /** The next this many calls are carried out but answered only after {@link #slowDelay}. */
        public final AtomicInteger loseAnswers = new AtomicInteger();
        public volatile Duration slowDelay = Duration.ofSeconds(5);
    }

    private final SandboxCatalog catalog;
    private final Credentials credentials;
    private final Faults faults = new Faults();
    private final SandboxOrders orders = new SandboxOrders(3_800_000_000_000L);
    private final Map<String, Boolean> sessions = new ConcurrentHashMap<>();
    private final Map<String, Boolean> refreshTokens = new ConcurrentHashMap<>();
    private final SandboxHttp.CallLimit callLimit = new SandboxHttp.CallLimit();
    private final HttpServer server;

    public TmallSandbox(SandboxCatalog catalog, Credentials credentials, int port) {
        this.catalog = catalog;
        this.credentials = credentials;
        sessions.put(credentials.session(), true);
        refreshTokens.put(credentials.refreshToken(), true);
        server = SandboxHttp.server(port, this::handle);
    }

    public TmallSandbox start() {
        server.start();
        log.info("Tmall sandbox with {} items at {}", catalog.skus().size(), uri());
        return this;
    }

    public URI uri() {
        return SandboxHttp.uri(server);
    }

    public SandboxCatalog catalog() {
        return catalog;
    }

    public SandboxOrders orders() {
        return orders;
    }

    public Faults faults() {
        return faults;
    }

    /** Every session issued so far expires (refresh tokens still work). */
    public void expireSessions() {
        sessions.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod()) || !exchange.getRequestURI().getPath().equals("/router/rest")) {
                SandboxHttp.answer(exchange, 404, "{}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Map<String, String> params = form(exchange);
            byte[] body = callLimit.exceeded(faults.callsPerSecond)
                    ? error(7, "App Call Limited", "accesscontrol.limited-by-app-access-count", "This ban will last for 1 more seconds")
                    : route(params);
            if (faults.loseAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                Thread.sleep(faults.slowDelay);
            }
            SandboxHttp.answer(exchange, 200, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Tmall sandbox failed on {}", exchange.getRequestURI(), e);
        }
    }

    private byte[] route(Map<String, String> params) {
        String method = params.getOrDefault("method", "");
        if (!credentials.appKey().equals(params.get("app_key"))) {
            return error(29, "Invalid app Key", null, null);
        }
        if (!sign(params, credentials.appSecret()).equals(params.get("sign"))) {
            return error(25, "Invalid signature", null, null);
        }
        try {
            LocalDateTime timestamp = LocalDateTime.parse(params.getOrDefault("timestamp", ""), TIME);
            if (Duration.between(timestamp, LocalDateTime.now(SandboxOrders.BEIJING)).abs().compareTo(Duration.ofMinutes(10)) > 0) {
                return error(31, "Invalid timestamp", null, "timestamp out of the allowed window");
            }
        } catch (RuntimeException e) {
            return error(31, "Invalid timestamp", null, null);
        }
        try {
            if (method.equals("taobao.top.auth.token.refresh")) {
                return response(method, refresh(params.getOrDefault("refresh_token", "")));
            }
            if (!sessions.containsKey(params.getOrDefault("session", ""))) {
                return error(27, "Invalid session", "invalid-sessionkey", "SessionKey非法或已过期");
            }
            Object result = switch (method) {
                case "tmall.distributor.items.get" -> items(params);
                case "tmall.distributor.item.details.get" -> details(params);
                case "tmall.distributor.order.create" -> create(params);
                case "tmall.distributor.order.get" -> Map.of("trade", trade(order(params)));
                case "tmall.distributor.order.cancel" -> {
                    var order = order(params);
                    if (!orders.cancelPaid(order)) {
                        throw new Refusal("isv.trade-shipped", "订单已发货，不能取消");
                    }
                    yield Map.of("is_success", true);
                }
                case "taobao.logistics.trace.search" -> traces(order(params));
                case "tmall.distributor.bill.get" -> bill(params);
                default -> throw new Refusal("isv.invalid-method", "方法不存在: " + method);
            };
            return response(method, result);
        } catch (Refusal e) {
            return error(15, "Remote service error", e.subCode, e.getMessage());
        }
    }

    private Map<String, Object> refresh(String refreshToken) {
        if (refreshTokens.remove(refreshToken) == null) {
            throw new Refusal("isv.refresh-token-invalid", "refresh_token非法或已过期");
        }
        String session = "6100" + UUID.randomUUID().toString().replace("-", "");
        String refresh = "6101" + UUID.randomUUID().toString().replace("-", "");
        sessions.put(session, true);
        refreshTokens.put(refresh, true);
        return Map.of("token_result", JSON.writeValueAsString(Map.of("access_token", session, "refresh_token", refresh, "expires_in", 86_400)));
    }

    private Map<String, Object> items(Map<String, String> params) {
        int pageNo = number(params, "page_no", 1);
        int pageSize = number(params, "page_size", 40);
        if (pageNo < 1 || pageSize < 1 || pageSize > 100) {
            throw new Refusal("isv.invalid-parameter", "page_size须在1-100之间");
        }
        var skus = catalog.skus();
        int from = Math.min(skus.size(), (pageNo - 1) * pageSize);
        var ids = skus.subList(from, Math.min(skus.size(), from + pageSize)).stream().map(sku -> Map.of("item_id", sku.id)).toList();
        return Map.of("total_results", skus.size(), "items", Map.of("item", ids));
    }

    private Map<String, Object> details(Map<String, String> params) {
        String[] ids = params.getOrDefault("item_ids", "").split(",");
        if (ids.length > 50) {
            throw new Refusal("isv.invalid-parameter", "item_ids不能超过50个");
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (String id : ids) {
            var sku = sku(id);
            if (sku == null) {
                continue;
            }
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("item_id", sku.id);
            item.put("title", sku.name);
            item.put("brand", sku.brand);
            item.put("category_ids", Arrays.stream(sku.categoryIds).mapToObj(String::valueOf).collect(Collectors.joining(">")));
            item.put("category_path", String.join(">", sku.categoryNames));
            item.put("pic_url", "https://img.alicdn.com/imgextra/" + sku.imagePath);
            item.put("desc", sku.introduction);
            item.put("price", yuan(sku.costFen()));
            item.put("reserve_price", yuan(sku.marketFen()));
            item.put("quantity", sku.stock());
            item.put("approve_status", sku.listed() ? "onsale" : "instock");
            item.put("unit", sku.unit);
            item.put("props_name", "重量:" + sku.weightGrams + "g;条形码:" + sku.upc);
            items.add(item);
        }
        return Map.of("items", Map.of("item", items));
    }

    private Map<String, Object> create(Map<String, String> params) {
        String outerId = params.getOrDefault("outer_id", "");
        if (outerId.isBlank()) {
            throw new Refusal("isv.missing-parameter:outer_id", "outer_id不能为空");
        }
        for (String field : List.of("receiver_name", "receiver_mobile", "receiver_state", "receiver_city", "receiver_address")) {
            if (params.getOrDefault(field, "").isBlank()) {
                throw new Refusal("isv.missing-parameter:" + field, field + "不能为空");
            }
        }
        var sku = sku(params.getOrDefault("item_id", ""));
        if (sku == null) {
            throw new Refusal("isv.item-not-exist", "商品不存在");
        }
        int num = number(params, "num", 1);
        if (!sku.listed()) {
            throw new Refusal("isv.item-instock", "商品已下架");
        }
        if (sku.stock() < num) {
            throw new Refusal("isv.item-quantity-not-enough", "商品库存不足");
        }
        long expected = new BigDecimal(params.getOrDefault("expected_price", "-1")).movePointRight(2).longValue();
        if (expected != sku.costFen()) {
            throw new Refusal("isv.price-changed", "商品价格已变化，当前分销价 " + yuan(sku.costFen()));
        }
        var order = orders.submit(outerId, sku.id, num, sku.costFen());
        if (order == null) {
            throw new Refusal("isv.outer-id-duplicate", "外部订单号重复: " + outerId);
        }
        orders.confirm(order);
        return Map.of("trade", trade(order));
    }

    private Map<String, Object> trade(SandboxOrders.Order order) {
        Map<String, Object> trade = new LinkedHashMap<>();
        trade.put("tid", order.id);
        trade.put("outer_id", order.clientOrderNo);
        trade.put("item_id", order.skuId);
        trade.put("num", order.quantity);
        trade.put("price", yuan(order.priceFen));
        trade.put("payment", yuan(order.totalFen()));
        trade.put("status", switch (orders.state(order)) {
            case SUBMITTED, CONFIRMED -> "WAIT_SELLER_SEND_GOODS";
            case SHIPPED -> "WAIT_BUYER_CONFIRM_GOODS";
            case DELIVERED -> "TRADE_FINISHED";
            case CANCELLED -> "TRADE_CLOSED";
        });
        trade.put("created", SandboxOrders.time(order.submittedAt));
        return trade;
    }

    private Map<String, Object> traces(SandboxOrders.Order order) {
        var steps = orders.track(order).stream().map(line -> Map.of("status_time", line[0], "status_desc", line[1])).toList();
        return Map.of("tid", order.id, "out_sid", order.waybill(), "company_name", "顺丰速运", "trace_list", Map.of("transit_step_info", steps));
    }

    private Map<String, Object> bill(Map<String, String> params) {
        try {
            return Map.of("bill", Map.of("content", orders.statementCsv(YearMonth.parse(params.getOrDefault("month", "")))));
        } catch (java.time.format.DateTimeParseException e) {
            throw new Refusal("isv.invalid-parameter:month", "month格式不正确，应为yyyy-MM");
        }
    }

    private SandboxOrders.Order order(Map<String, String> params) {
        SandboxOrders.Order order = null;
        if (!params.getOrDefault("tid", "").isBlank()) {
            try {
                order = orders.get(Long.parseLong(params.get("tid")));
            } catch (NumberFormatException e) {
                order = null;
            }
        } else if (!params.getOrDefault("outer_id", "").isBlank()) {
            order = orders.byClientOrderNo(params.get("outer_id"));
        }
        if (order == null) {
            throw new Refusal("isv.trade-not-exist", "订单不存在");
        }
        return order;
    }

    private SandboxCatalog.Sku sku(String id) {
        try {
            return catalog.sku(Long.parseLong(id.strip()));
        } catch (NumberFormatException e) {
            return null;
        }
    }


    /** TOP's HMAC signature: HMAC-MD5 under the secret of the parameters (sign left out) sorted by name, as name+value. */
    public static String sign(Map<String, String> params, String secret) {
        StringBuilder joined = new StringBuilder();
        new TreeMap<>(params).forEach((name, value) -> {
            if (!name.equals("sign") && value != null && !value.isEmpty()) {
                joined.append(name).append(value);
            }
        });
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacMD5"));
            return HexFormat.of().withUpperCase().formatHex(mac.doFinal(joined.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] response(String method, Object result) {
        return JSON.writeValueAsBytes(Map.of(method.replace('.', '_').replaceFirst("^taobao_", "") + "_response", result));
    }

    private static byte[] error(int code, String msg, String subCode, String subMsg) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("msg", msg);
        if (subCode != null) {
            error.put("sub_code", subCode);
        }
        if (subMsg != null) {
            error.put("sub_msg", subMsg);
        }
        error.put("request_id", Long.toString(System.nanoTime(), 36));
        return JSON.writeValueAsBytes(Map.of("error_response", error));
    }

    private static int number(Map<String, String> params, String name, int otherwise) {
        try {
            return params.containsKey(name) ? Integer.parseInt(params.get(name)) : otherwise;
        } catch (NumberFormatException e) {
            throw new Refusal("isv.invalid-parameter:" + name, name + "须为整数");
        }
    }

    private static BigDecimal yuan(long fen) {
        return BigDecimal.valueOf(fen, 2);
    }


    private static Map<String, String> form(HttpExchange exchange) throws IOException {
        Map<String, String> params = new HashMap<>();
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    private static final class Refusal extends RuntimeException {
        final String subCode;

        Refusal(String subCode, String message) {
            super(message);
            this.subCode = subCode;
        }
    }
}
