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
import java.util.Map;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.jifen.hub.DeliveryKind;
import io.jifen.hub.Recipient;

/**
 * JD's enterprise purchasing API (京东VOP): form-encoded POSTs, answers in a {@code success/resultCode/result}
 * envelope. Calls with an access token ({@link JdVopTokens}: a signed sign-in, renewed when JD says it expired),
 * paces its calls to the agreed rate and backs off when JD answers that the rate was exceeded. Time-outs, server
 * errors and garbled answers are retried with backoff a few times, then reported as {@link SupplierException}s that
 * carry JD's payload. Entries with impossible values (a negative price, a SKU without a title) are left out and
 * logged with the payload; they never reach the catalog.
 */
public class JdVopConnector implements SupplierConnector {

    private static final Logger log = LoggerFactory.getLogger(JdVopConnector.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    static final String SUPPLIER = "jd";

    /** Where JD is and how to talk to it. */
    public record Settings(URI baseUrl, String clientId, String clientSecret, String username, String password, URI imageBaseUrl,
                           Duration timeout, int callsPerSecond, int maxAttempts, Duration firstBackoff) {
    }

    private final Settings settings;
    private final SupplierHttp http;
    private final JdVopTokens tokens;

    /** A connector pacing its calls in this JVM only. */
    public JdVopConnector(Settings settings) {
        this(settings, CallPacer.local());
    }

    /** A connector whose calls take their slots from {@code pacer} (shared by the application's instances). */
    public JdVopConnector(Settings settings, CallPacer pacer) {
        this.settings = settings;
        this.http = new SupplierHttp(SUPPLIER, settings.timeout(), settings.callsPerSecond(), settings.maxAttempts(), settings.firstBackoff(), pacer);
        this.tokens = new JdVopTokens(settings, this::post);
    }

    @Override
    public String supplier() {
        return SUPPLIER;
    }

    @Override
    public int batchLimit() {
        return 100;
    }

    @Override
    public List<String> skuIds() {
        List<String> ids = new ArrayList<>();
        for (JsonNode pool : call("/api/product/getPageNum", Map.of())) {
            String pageNum = text(pool, "page_num");
            int pageCount = 1;
            for (int page = 1; page <= pageCount; page++) {
                JsonNode result = call("/api/product/querySkuByPage", Map.of("pageNum", pageNum, "pageNo", String.valueOf(page)));
                pageCount = result.path("pageCount").asInt(1);
                result.path("skuIds").forEach(id -> ids.add(id.asString()));
            }
        }
        return ids;
    }

    @Override
    public List<SupplierSku> details(List<String> skuIds) {
        List<SupplierSku> skus = new ArrayList<>();
        for (JsonNode detail : call("/api/product/getDetail", Map.of("sku", joined(skuIds)))) {
            String id = detail.path("sku").asString("");
            String title = detail.path("name").asString("").strip();
            List<String> categoryIds = split(detail.path("category").asString(""));
            List<String> categoryNames = split(detail.path("categoryName").asString(""));
            if (id.isBlank() || title.isBlank() || categoryIds.isEmpty() || categoryIds.size() != categoryNames.size()) {
                log.warn("jd: refused a product without id, title or a consistent category: {}", cut(detail.toString()));
                continue;
            }
            String image = detail.path("imagePath").asString("");
            skus.add(new SupplierSku(id, title, detail.path("brandName").asString("").strip(), categoryIds, categoryNames,
                    image.isBlank() ? List.of() : List.of(settings.imageBaseUrl().resolve(image).toString()),
                    detail.path("introduction").asString(""), DeliveryKind.PHYSICAL, detail.path("saleUnit").asString(""),
                    detail.path("state").asInt(0) == 1, attributes("重量(kg)", detail.path("weight"), "条形码", detail.path("upc"))));
        }
        return skus;
    }

    @Override
    public List<SupplierPrice> prices(List<String> skuIds) {
        List<SupplierPrice> prices = new ArrayList<>();
        for (JsonNode price : call("/api/price/getSellPrice", Map.of("sku", joined(skuIds)))) {
            try {
                long cost = SupplierHttp.fen(price.path("price"));
                long market = SupplierHttp.fen(price.path("jdPrice"));
                if (cost < 0 || market < 0) {
                    throw new ArithmeticException("negative price");
                }
                prices.add(new SupplierPrice(price.path("skuId").asString(), cost, market));
            } catch (ArithmeticException | IllegalArgumentException e) {
                log.warn("jd: refused a price ({}): {}", e.getMessage(), cut(price.toString()));
            }
        }
        return prices;
    }

    @Override
    public List<SupplierStock> stock(List<String> skuIds, int province) {
        String wanted = skuIds.stream().map(id -> "{\"skuId\":" + Long.parseLong(id) + ",\"num\":1}")
                .collect(Collectors.joining(",", "[", "]"));
        JsonNode result = call("/api/stock/getNewStockById", Map.of("skuNums", wanted, "area", province + "_0_0_0"));
        // JD answers stock as a JSON document inside a string.
        JsonNode states;
        try {
            states = result.isString() ? JSON.readTree(result.asString()) : result;
        } catch (JacksonException e) {
            throw new SupplierException(SUPPLIER, SupplierException.Kind.MALFORMED, "stock answer is not JSON", cut(result.toString()), e);
        }
        List<SupplierStock> stock = new ArrayList<>();
        for (JsonNode state : states) {
            // 33 in stock, 39 in transit, 40 allocated from another warehouse: all deliverable; 34 out of stock, 36 pre-order.
            int id = state.path("stockStateId").asInt();
            boolean available = id == 33 || id == 39 || id == 40;
            stock.add(new SupplierStock(state.path("skuId").asString(), available, available ? Math.max(0, state.path("remainNum").asInt(0)) : 0));
        }
        return stock;
    }

    /** JD's checkAreaLimit for the recipient's area. */
    @Override
    public List<String> undeliverable(List<String> skuIds, Recipient to) {
        List<String> restricted = new ArrayList<>();
        for (JsonNode limit : call("/api/product/checkAreaLimit", Map.of("skuIds", joined(skuIds), "province", String.valueOf(to.province()),
                "city", String.valueOf(to.city()), "county", String.valueOf(to.county()), "town", String.valueOf(to.town())))) {
            if (limit.path("isAreaRestrict").asBoolean(false)) {
                restricted.add(limit.path("skuId").asString());
            }
        }
        return restricted;
    }

    @Override
    public List<ChangeMessage> changes() {
        List<ChangeMessage> changes = new ArrayList<>();
        for (JsonNode message : call("/api/message/get", Map.of("type", "2,4,16"))) {
            var kind = switch (message.path("type").asInt()) {
                case 2 -> ChangeMessage.Kind.PRICE;
                case 4 -> ChangeMessage.Kind.LISTING;
                case 16 -> ChangeMessage.Kind.PRODUCT;
                default -> ChangeMessage.Kind.OTHER;
            };
            changes.add(new ChangeMessage(message.path("id").asString(), kind, message.path("result").path("skuId").asString("")));
        }
        return changes;
    }

    /**
     * Submits with stock pre-occupied (submitState 0, confirmed by {@link #confirm}) and the price we expect
     * (orderPriceSnap). If the thirdOrder was used before (JD answers 0008, e.g. our first try timed out after JD
     * took it), finds the first order by thirdOrder and answers it.
     */
    @Override
    public SupplierOrder submit(OrderRequest order) {
        var to = order.recipient();
        if (to == null) {
            throw new SupplierException(SUPPLIER, SupplierException.Kind.REFUSED, "JD ships goods: an order needs a recipient", null, null);
        }
        String unitPrice = BigDecimal.valueOf(order.unitCostFen(), 2).toPlainString();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("thirdOrder", order.orderNo());
        form.put("sku", JSON.writeValueAsString(List.of(Map.of("skuId", Long.parseLong(order.skuId()), "num", order.quantity(), "bNeedGift", false))));
        form.put("name", to.name());
        form.put("province", String.valueOf(to.province()));
        form.put("city", String.valueOf(to.city()));
        form.put("county", String.valueOf(to.county()));
        form.put("town", String.valueOf(to.town()));
        form.put("address", to.address());
        form.put("mobile", to.mobile());
        form.put("email", "");
        form.put("invoiceState", "2");
        form.put("invoiceType", "4");
        form.put("paymentType", "4");
        form.put("isUseBalance", "1");
        form.put("submitState", "0");
        form.put("doOrderPriceMode", "1");
        form.put("orderPriceSnap", JSON.writeValueAsString(List.of(Map.of("skuId", Long.parseLong(order.skuId()), "price", unitPrice))));
        JsonNode envelope = envelope("/api/order/submitOrder", form);
        if (envelope.path("success").asBoolean(false)) {
            JsonNode result = envelope.path("result");
            String id = result.path("jdOrderId").asString("");
            if (id.isBlank()) {
                throw new SupplierException(SUPPLIER, SupplierException.Kind.MALFORMED, "submitOrder answered no jdOrderId", cut(envelope.toString()), null);
            }
            return new SupplierOrder(id, SupplierHttp.fen(result.path("sku").path(0).path("price")));
        }
        if (!"0008".equals(envelope.path("resultCode").asString(""))) {
            throw refusal("/api/order/submitOrder", envelope);
        }
        String id = call("/api/order/selectJdOrderIdByThirdOrder", Map.of("thirdOrder", order.orderNo())).asString("");
        JsonNode first = call("/api/order/selectJdOrder", Map.of("jdOrderId", id));
        log.info("jd: order {} was placed before as {}", order.orderNo(), id);
        return new SupplierOrder(id, SupplierHttp.fen(first.path("sku").path(0).path("price")));
    }

    @Override
    public void confirm(String supplierOrderId) {
        call("/api/order/confirmOrder", Map.of("jdOrderId", supplierOrderId));
    }

    @Override
    public void cancel(String supplierOrderId) {
        call("/api/order/cancel", Map.of("jdOrderId", supplierOrderId));
    }

    @Override
    public OrderStatus status(String orderNo, String supplierOrderId) {
        JsonNode order = call("/api/order/selectJdOrder", Map.of("jdOrderId", supplierOrderId));
        OrderStatus.Stage stage;
        if (order.path("orderState").asInt(1) == 0) {
            stage = OrderStatus.Stage.CANCELLED;
        } else if (order.path("submitState").asInt(0) == 0) {
            stage = OrderStatus.Stage.SUBMITTED;
        } else {
            stage = switch (order.path("jdOrderState").asInt(1)) {
                case 19 -> OrderStatus.Stage.DELIVERED;
                case 16, 17, 18 -> OrderStatus.Stage.SHIPPED;
                default -> OrderStatus.Stage.CONFIRMED;
            };
        }
        List<OrderStatus.Tracking> tracking = new ArrayList<>();
        for (JsonNode line : call("/api/order/orderTrack", Map.of("jdOrderId", supplierOrderId)).path("orderTrack")) {
            try {
                tracking.add(new OrderStatus.Tracking(LocalDateTime.parse(line.path("msgTime").asString(""), TIMESTAMP).atZone(BEIJING).toInstant(),
                        line.path("content").asString("")));
            } catch (java.time.format.DateTimeParseException e) {
                log.warn("jd: refused a tracking line without a time: {}", cut(line.toString()));
            }
        }
        return new OrderStatus(stage, tracking, List.of(), stage == OrderStatus.Stage.CANCELLED ? "cancelled by JD" : null);
    }

    /** JD's order messages: 5 delivered (妥投), 10 cancelled. */
    @Override
    public List<ChangeMessage> orderChanges() {
        List<ChangeMessage> changes = new ArrayList<>();
        for (JsonNode message : call("/api/message/get", Map.of("type", "5,10"))) {
            changes.add(new ChangeMessage(message.path("id").asString(), ChangeMessage.Kind.ORDER, message.path("result").path("orderId").asString("")));
        }
        return changes;
    }

    /** JD's statement is its paged order reconciliation: the delivered orders it bills for the month, 100 a page. */
    @Override
    public List<StatementLine> statement(YearMonth month) {
        List<StatementLine> lines = new ArrayList<>();
        int pages = 1;
        for (int page = 1; page <= pages; page++) {
            JsonNode result = call("/api/order/checkDlokOrder", Map.of("month", month.toString(), "pageNo", String.valueOf(page), "pageSize", "100"));
            pages = result.path("totalPage").asInt(1);
            for (JsonNode order : result.path("orders")) {
                try {
                    lines.add(new StatementLine(order.path("jdOrderId").asString(), text(order, "thirdOrder"), order.path("skuId").asString(),
                            order.path("num").asInt(), SupplierHttp.fen(order.path("price")), SupplierHttp.fen(order.path("orderPrice")),
                            LocalDateTime.parse(order.path("finishTime").asString(""), TIMESTAMP).atZone(BEIJING).toInstant()));
                } catch (RuntimeException e) {
                    // A settlement must see every line: one that does not read refuses the whole statement.
                    throw new SupplierException(SUPPLIER, SupplierException.Kind.MALFORMED, "reconciliation line does not read: " + e.getMessage(),
                            cut(order.toString()), e);
                }
            }
        }
        return lines;
    }

    @Override
    public void acknowledge(ChangeMessage change) {
        call("/api/message/del", Map.of("id", change.id()));
    }

    /** Calls an API with the current token (see {@link #envelope}); returns the envelope's result, or throws JD's refusal. */
    private JsonNode call(String path, Map<String, String> params) {
        JsonNode envelope = envelope(path, params);
        if (envelope.path("success").asBoolean(false)) {
            return envelope.path("result");
        }
        throw refusal(path, envelope);
    }

    /** Calls an API with the current token, renewing it once if JD says it expired; returns JD's whole envelope. */
    private JsonNode envelope(String path, Map<String, String> params) {
        for (int renewal = 0; ; renewal++) {
            JdVopTokens.Tokens current = tokens.current();
            Map<String, String> withToken = new LinkedHashMap<>(params);
            withToken.put("token", current.access());
            JsonNode envelope = post(path, withToken);
            if (renewal == 0 && !envelope.path("success").asBoolean(false) && envelope.path("resultCode").asString("").equals("1001")) {
                tokens.renew(current);
                continue;
            }
            return envelope;
        }
    }

    private static SupplierException refusal(String path, JsonNode envelope) {
        String code = envelope.path("resultCode").asString("");
        var kind = switch (code) {
            case "1001" -> SupplierException.Kind.AUTHENTICATION;
            case "3019" -> SupplierException.Kind.PRICE_CHANGED;
            case "3008", "3009" -> SupplierException.Kind.SOLD_OUT;
            default -> SupplierException.Kind.REFUSED;
        };
        return new SupplierException(SUPPLIER, kind, path + " refused: " + code + " " + envelope.path("resultMessage").asString(""),
                cut(envelope.toString()), null);
    }

    /** One form POST (see {@link SupplierHttp}); JD's rate-limit answer (0010) is retried like a time-out. */
    private JsonNode post(String path, Map<String, String> form) {
        var request = HttpRequest.newBuilder(settings.baseUrl().resolve(path))
                .timeout(settings.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"))))
                .build();
        return http.exchange(path, request, body -> {
            JsonNode envelope = JSON.readTree(body);
            if (!envelope.isObject() || !envelope.has("resultCode")) {
                throw new SupplierException(SUPPLIER, SupplierException.Kind.MALFORMED, path + " answered without an envelope", cut(body), null);
            }
            if ("0010".equals(envelope.path("resultCode").asString())) {
                throw new SupplierException(SUPPLIER, SupplierException.Kind.RATE_LIMITED, path + " rate limit exceeded", cut(body), null);
            }
            return envelope;
        });
    }

    private static String joined(List<String> skuIds) {
        if (skuIds.isEmpty() || skuIds.size() > 100) {
            throw new IllegalArgumentException("1 to 100 SKUs per call, not " + skuIds.size());
        }
        return String.join(",", skuIds);
    }

    /** The named values that are present, in order. */
    private static Map<String, String> attributes(String firstName, JsonNode first, String secondName, JsonNode second) {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (!first.asString("").isBlank()) {
            attributes.put(firstName, first.asString());
        }
        if (!second.asString("").isBlank()) {
            attributes.put(secondName, second.asString());
        }
        return attributes;
    }

    private static List<String> split(String path) {
        return path.isBlank() ? List.of() : Arrays.stream(path.split(";")).map(String::strip).toList();
    }

    private static String text(JsonNode node, String field) {
        String value = node.path(field).asString("");
        if (value.isBlank()) {
            throw new SupplierException(SUPPLIER, SupplierException.Kind.MALFORMED, "missing " + field, cut(node.toString()), null);
        }
        return value;
    }

    private static String cut(String payload) {
        return SupplierHttp.cut(payload);
    }
}
