package io.jifen.hub.internal.connector;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.jifen.hub.DeliveryKind;
import io.jifen.hub.internal.digest.Digests;

/**
 * A Tmall-style distribution API on the Taobao Open Platform's conventions (TOP): form POSTs to one gateway with
 * system parameters signed by HMAC-MD5 under the app secret, the distributor's authorisation as a session key that is
 * renewed with its refresh token when TOP says it expired (error 27), the call limit (error 7) backed off like a
 * time-out, business refusals as error 15 with an {@code isv.*} sub-code. Orders of physical goods are paid from the
 * distributor's deposit when created (no confirmation step) and followed by their state and the carrier's trace.
 * TOP pushes changes through its message service (TMC), which is not built here: prices and listings are refreshed
 * by the nightly full sync.
 *
 * <p>Addresses: TOP wants the recipient's province, city and district; the hub's recipient carries the area ids of
 * JD's numbering, which are passed as they are (a production deployment maps them to Tmall's division codes).
 */
public class TmallConnector implements SupplierConnector {

    private static final Logger log = LoggerFactory.getLogger(TmallConnector.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    static final String SUPPLIER = "tmall";

    /** Where TOP is, the app, the distributor's authorisation, and how hard we may call it. */
    public record Settings(URI baseUrl, String appKey, String appSecret, String session, String refreshToken, Duration timeout,
                           int callsPerSecond, int maxAttempts, Duration firstBackoff) {
    }

    private record Authorisation(String session, String refreshToken) {
    }

    private final Settings settings;
    private final SupplierHttp http;
    /** One thread renews the session at a time; a lock, not a monitor, so that its HTTP call pins no carrier on Java 21. */
    private final ReentrantLock authorisationLock = new ReentrantLock();
    private volatile Authorisation authorisation;

    /** A connector pacing its calls in this JVM only. */
    public TmallConnector(Settings settings) {
        this(settings, CallPacer.local());
    }

    /** A connector whose calls take their slots from {@code pacer} (shared by the application's instances). */
    public TmallConnector(Settings settings, CallPacer pacer) {
        this.settings = settings;
        this.http = new SupplierHttp(SUPPLIER, settings.timeout(), settings.callsPerSecond(), settings.maxAttempts(), settings.firstBackoff(), pacer);
        this.authorisation = new Authorisation(settings.session(), settings.refreshToken());
    }

    @Override
    public String supplier() {
        return SUPPLIER;
    }

    @Override
    public int batchLimit() {
        return 50;
    }

    @Override
    public List<String> skuIds() {
        List<String> ids = new ArrayList<>();
        long total = 1;
        for (int page = 1; ids.size() < total; page++) {
            JsonNode result = call("tmall.distributor.items.get", Map.of("page_no", String.valueOf(page), "page_size", "100"));
            total = result.path("total_results").asLong(0);
            JsonNode items = result.path("items").path("item");
            if (items.isEmpty()) {
                break;
            }
            items.forEach(item -> ids.add(item.path("item_id").asString()));
        }
        return ids;
    }

    @Override
    public List<SupplierSku> details(List<String> skuIds) {
        List<SupplierSku> skus = new ArrayList<>();
        for (JsonNode item : items(skuIds)) {
            String id = item.path("item_id").asString("");
            String title = item.path("title").asString("").strip();
            List<String> categoryIds = split(item.path("category_ids").asString(""));
            List<String> categoryNames = split(item.path("category_path").asString(""));
            if (id.isBlank() || title.isBlank() || categoryIds.isEmpty() || categoryIds.size() != categoryNames.size()) {
                log.warn("tmall: refused an item without id, title or a consistent category: {}", SupplierHttp.cut(item.toString()));
                continue;
            }
            String picture = item.path("pic_url").asString("");
            skus.add(new SupplierSku(id, title, item.path("brand").asString("").strip(), categoryIds, categoryNames,
                    picture.isBlank() ? List.of() : List.of(picture), item.path("desc").asString(""), DeliveryKind.PHYSICAL,
                    item.path("unit").asString(""), item.path("approve_status").asString("").equals("onsale"),
                    properties(item.path("props_name").asString(""))));
        }
        return skus;
    }

    @Override
    public List<SupplierPrice> prices(List<String> skuIds) {
        List<SupplierPrice> prices = new ArrayList<>();
        for (JsonNode item : items(skuIds)) {
            try {
                long cost = SupplierHttp.fen(item.path("price"));
                long market = SupplierHttp.fen(item.path("reserve_price"));
                if (cost < 0 || market < 0) {
                    throw new ArithmeticException("negative price");
                }
                prices.add(new SupplierPrice(item.path("item_id").asString(), cost, market));
            } catch (ArithmeticException | IllegalArgumentException e) {
                log.warn("tmall: refused a price ({}): {}", e.getMessage(), SupplierHttp.cut(item.toString()));
            }
        }
        return prices;
    }

    /** Tmall's stock is one number per item, not per province. */
    @Override
    public List<SupplierStock> stock(List<String> skuIds, int province) {
        List<SupplierStock> stock = new ArrayList<>();
        for (JsonNode item : items(skuIds)) {
            int quantity = Math.max(0, item.path("quantity").asInt(0));
            stock.add(new SupplierStock(item.path("item_id").asString(), quantity > 0, quantity));
        }
        return stock;
    }

    @Override
    public List<ChangeMessage> changes() {
        return List.of();
    }

    @Override
    public void acknowledge(ChangeMessage change) {
    }

    /** Creates the trade under our order number (outer_id); a number used before answers the first trade. */
    @Override
    public SupplierOrder submit(OrderRequest order) {
        var to = order.recipient();
        if (to == null) {
            throw new SupplierException(SUPPLIER, SupplierException.Kind.REFUSED, "Tmall ships goods: an order needs a recipient", null, null);
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("outer_id", order.orderNo());
        params.put("item_id", order.skuId());
        params.put("num", String.valueOf(order.quantity()));
        params.put("expected_price", BigDecimal.valueOf(order.unitCostFen(), 2).toPlainString());
        params.put("receiver_name", to.name());
        params.put("receiver_mobile", to.mobile());
        params.put("receiver_state", String.valueOf(to.province()));
        params.put("receiver_city", String.valueOf(to.city()));
        params.put("receiver_district", String.valueOf(to.county()));
        params.put("receiver_address", to.address());
        JsonNode trade;
        try {
            trade = call("tmall.distributor.order.create", params).path("trade");
        } catch (SupplierException e) {
            if (e.payload() == null || !e.payload().contains("isv.outer-id-duplicate")) {
                throw e;
            }
            trade = call("tmall.distributor.order.get", Map.of("outer_id", order.orderNo())).path("trade");
            log.info("tmall: order {} was placed before as {}", order.orderNo(), trade.path("tid").asString(""));
        }
        String tid = trade.path("tid").asString("");
        if (tid.isBlank()) {
            throw new SupplierException(SUPPLIER, SupplierException.Kind.MALFORMED, "order answered no tid", SupplierHttp.cut(trade.toString()), null);
        }
        return new SupplierOrder(tid, SupplierHttp.fen(trade.path("price")));
    }

    @Override
    public void cancel(String supplierOrderId) {
        call("tmall.distributor.order.cancel", Map.of("tid", supplierOrderId));
    }

    @Override
    public OrderStatus status(String orderNo, String supplierOrderId) {
        JsonNode trade = call("tmall.distributor.order.get", Map.of("tid", supplierOrderId)).path("trade");
        OrderStatus.Stage stage = switch (trade.path("status").asString("")) {
            case "WAIT_BUYER_CONFIRM_GOODS" -> OrderStatus.Stage.SHIPPED;
            case "TRADE_FINISHED" -> OrderStatus.Stage.DELIVERED;
            case "TRADE_CLOSED" -> OrderStatus.Stage.CANCELLED;
            case "WAIT_SELLER_SEND_GOODS" -> OrderStatus.Stage.CONFIRMED;
            default -> throw new SupplierException(SUPPLIER, SupplierException.Kind.MALFORMED, "unknown trade status", SupplierHttp.cut(trade.toString()), null);
        };
        List<OrderStatus.Tracking> tracking = new ArrayList<>();
        JsonNode traces = call("taobao.logistics.trace.search", Map.of("tid", supplierOrderId));
        for (JsonNode step : traces.path("trace_list").path("transit_step_info")) {
            try {
                tracking.add(new OrderStatus.Tracking(LocalDateTime.parse(step.path("status_time").asString(""), TIMESTAMP).atZone(BEIJING).toInstant(),
                        step.path("status_desc").asString("")));
            } catch (java.time.format.DateTimeParseException e) {
                log.warn("tmall: refused a trace step without a time: {}", SupplierHttp.cut(step.toString()));
            }
        }
        return new OrderStatus(stage, tracking, List.of(), stage == OrderStatus.Stage.CANCELLED ? "the trade was closed by Tmall" : null);
    }

    @Override
    public List<StatementLine> statement(YearMonth month) {
        return StatementCsv.parse(SUPPLIER, call("tmall.distributor.bill.get", Map.of("month", month.toString())).path("bill").path("content").asString(""));
    }

    private JsonNode items(List<String> ids) {
        if (ids.isEmpty() || ids.size() > 50) {
            throw new IllegalArgumentException("1 to 50 items per call, not " + ids.size());
        }
        return call("tmall.distributor.item.details.get", Map.of("item_ids", String.join(",", ids))).path("items").path("item");
    }

    /** Calls a method with the current session, renewing it once if TOP says it expired; answers the method's response. */
    private JsonNode call(String method, Map<String, String> params) {
        for (int renewal = 0; ; renewal++) {
            Authorisation current = authorisation;
            JsonNode answer = post(method, params, current.session());
            JsonNode error = answer.path("error_response");
            if (error.isMissingNode()) {
                JsonNode response = answer.path(method.replace('.', '_').replaceFirst("^taobao_", "") + "_response");
                if (response.isMissingNode()) {
                    throw new SupplierException(SUPPLIER, SupplierException.Kind.MALFORMED, method + " answered without its response",
                            SupplierHttp.cut(answer.toString()), null);
                }
                return response;
            }
            if (error.path("code").asInt() == 27 && renewal == 0) {
                renew(current);
                continue;
            }
            throw refusal(method, error);
        }
    }

    private void renew(Authorisation expired) {
        authorisationLock.lock();
        try {
            if (authorisation != expired) {
                return;
            }
            JsonNode answer = post("taobao.top.auth.token.refresh", Map.of("refresh_token", expired.refreshToken()), null);
            JsonNode error = answer.path("error_response");
            if (!error.isMissingNode()) {
                throw new SupplierException(SUPPLIER, SupplierException.Kind.AUTHENTICATION, "the session expired and its refresh was refused: "
                        + error.path("sub_msg").asString(""), SupplierHttp.cut(answer.toString()), null);
            }
            JsonNode token = JSON.readTree(answer.path("top_auth_token_refresh_response").path("token_result").asString("{}"));
            authorisation = new Authorisation(token.path("access_token").asString(), token.path("refresh_token").asString());
            log.info("tmall: session renewed");
        } finally {
            authorisationLock.unlock();
        }
    }

    private static SupplierException refusal(String method, JsonNode error) {
        int code = error.path("code").asInt();
        String subCode = error.path("sub_code").asString("");
        var kind = switch (code) {
            case 25, 27, 29, 31 -> SupplierException.Kind.AUTHENTICATION;
            default -> switch (subCode) {
                case "isv.price-changed" -> SupplierException.Kind.PRICE_CHANGED;
                case "isv.item-instock", "isv.item-quantity-not-enough" -> SupplierException.Kind.SOLD_OUT;
                default -> SupplierException.Kind.REFUSED;
            };
        };
        return new SupplierException(SUPPLIER, kind, method + " refused: " + code + " " + subCode + " " + error.path("sub_msg").asString(""),
                SupplierHttp.cut(error.toString()), null);
    }

    /** One signed form POST (see {@link SupplierHttp}); TOP's call-limit error (7) is retried like a time-out. */
    private JsonNode post(String method, Map<String, String> params, String session) {
        Map<String, String> form = new TreeMap<>(params);
        form.put("method", method);
        form.put("app_key", settings.appKey());
        if (session != null) {
            form.put("session", session);
        }
        form.put("timestamp", LocalDateTime.now(BEIJING).format(TIMESTAMP));
        form.put("format", "json");
        form.put("v", "2.0");
        form.put("sign_method", "hmac");
        form.put("sign", sign(form, settings.appSecret()));
        var request = HttpRequest.newBuilder(settings.baseUrl().resolve("/router/rest"))
                .timeout(settings.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"))))
                .build();
        return http.exchange(method, request, body -> {
            JsonNode answer = JSON.readTree(body);
            if (!answer.isObject()) {
                throw new SupplierException(SUPPLIER, SupplierException.Kind.MALFORMED, method + " answered no JSON object", SupplierHttp.cut(body), null);
            }
            if (answer.path("error_response").path("code").asInt() == 7) {
                throw new SupplierException(SUPPLIER, SupplierException.Kind.RATE_LIMITED, method + " call limit", SupplierHttp.cut(body), null);
            }
            return answer;
        });
    }

    /** HMAC-MD5 under the app secret of the parameters sorted by name, as name followed by value; upper-case hex. */
    static String sign(Map<String, String> params, String appSecret) {
        StringBuilder joined = new StringBuilder();
        new TreeMap<>(params).forEach((name, value) -> {
            if (!name.equals("sign") && value != null && !value.isEmpty()) {
                joined.append(name).append(value);
            }
        });
        return Digests.hmacMd5Hex(appSecret, joined.toString()).toUpperCase(Locale.ROOT);
    }

    /** TOP's item properties, "name:value;name:value". */
    private static Map<String, String> properties(String props) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String prop : props.split(";")) {
            int colon = prop.indexOf(':');
            if (colon > 0 && colon < prop.length() - 1) {
                properties.put(prop.substring(0, colon).strip(), prop.substring(colon + 1).strip());
            }
        }
        return properties;
    }

    private static List<String> split(String path) {
        return path.isBlank() ? List.of() : Arrays.stream(path.split(">")).map(String::strip).toList();
    }
}
