package io.jifen.hub.internal.connector;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.jifen.hub.DeliveryKind;

/**
 * An e-voucher aggregator's open API (card codes and direct top-ups: coffee and travel cards, fuel cards, mobile
 * credit, video memberships). Every call is a signed JSON POST to one gateway (MD5 of the sorted parameters and the
 * app secret); every answer is checked against its own signature. Orders are asynchronous: the aggregator pushes the
 * result to our notification URL, signed the same way, and resends it until we answer {@code success}; card codes
 * travel AES-encrypted under the app secret and are decrypted here (the hub encrypts them again with its own key
 * before it stores them). The aggregator publishes no change messages: prices and listings are refreshed by the
 * nightly full sync.
 */
public class VoucherConnector implements SupplierConnector {

    private static final Logger log = LoggerFactory.getLogger(VoucherConnector.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    static final String SUPPLIER = "vouchers";

    /**
     * Where the aggregator is, our merchant account, where it sends results (asked for at each order: the URL may only
     * be known once the server has started), and how hard we may call it.
     */
    public record Settings(URI baseUrl, String appKey, String appSecret, Supplier<URI> notifyUrl, Duration timeout, int callsPerSecond,
                           int maxAttempts, Duration firstBackoff) {
    }

    /** What one product answers, read once for details, price and stock alike. */
    private record Product(String id, JsonNode info) {
    }

    private final Settings settings;
    private final SupplierHttp http;
    private final SecretKeySpec cardKey;

    /** A connector pacing its calls in this JVM only. */
    public VoucherConnector(Settings settings) {
        this(settings, CallPacer.local());
    }

    /** A connector whose calls take their slots from {@code pacer} (shared by the application's instances). */
    public VoucherConnector(Settings settings, CallPacer pacer) {
        this.settings = settings;
        this.http = new SupplierHttp(SUPPLIER, settings.timeout(), settings.callsPerSecond(), settings.maxAttempts(), settings.firstBackoff(), pacer);
        this.cardKey = VoucherCrypto.cardKey(settings.appSecret());
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
        int pages = 1;
        for (int page = 1; page <= pages; page++) {
            JsonNode result = call("fulu.goods.list.get", Map.of("page_no", page, "page_size", 500));
            pages = result.path("page_count").asInt(1);
            result.path("product_ids").forEach(id -> ids.add(id.asString()));
        }
        return ids;
    }

    @Override
    public List<SupplierSku> details(List<String> skuIds) {
        List<SupplierSku> skus = new ArrayList<>();
        for (Product product : products(skuIds)) {
            JsonNode info = product.info();
            String title = info.path("product_name").asString("").strip();
            List<String> category = Arrays.stream(info.path("category").asString("").split(";")).map(String::strip).filter(c -> !c.isEmpty()).toList();
            String type = info.path("product_type").asString("");
            if (title.isEmpty() || category.isEmpty() || !(type.equals("卡密") || type.equals("直充"))) {
                log.warn("vouchers: refused a product without a title, category or known type: {}", SupplierHttp.cut(info.toString()));
                continue;
            }
            boolean card = type.equals("卡密");
            int validDays = info.path("valid_days").asInt(0);
            String description = "面值 " + info.path("face_value").asString("") + " 元" + (card && validDays > 0 ? "，有效期 " + validDays + " 天" : "")
                    + (card ? "，卡密发放" : "，直充到账");
            // The aggregator names categories without ids: the path of names is the id.
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < category.size(); i++) {
                ids.add(String.join("/", category.subList(0, i + 1)));
            }
            skus.add(new SupplierSku(product.id(), title, info.path("brand").asString("").strip(), ids, category, List.of(), description,
                    card ? DeliveryKind.VOUCHER_CODE : DeliveryKind.DIRECT_TOP_UP, card ? "张" : "笔",
                    info.path("sales_status").asString("").equals("上架"), attributes(info, card, validDays)));
        }
        return skus;
    }

    private static Map<String, String> attributes(JsonNode info, boolean card, int validDays) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("类型", card ? "卡密" : "直充");
        attributes.put("面值(元)", info.path("face_value").asString(""));
        if (card && validDays > 0) {
            attributes.put("有效期(天)", String.valueOf(validDays));
        }
        return attributes;
    }

    @Override
    public List<SupplierPrice> prices(List<String> skuIds) {
        List<SupplierPrice> prices = new ArrayList<>();
        for (Product product : products(skuIds)) {
            try {
                long cost = SupplierHttp.fen(product.info().path("purchase_price"));
                long face = SupplierHttp.fen(product.info().path("face_value"));
                if (cost < 0 || face < 0) {
                    throw new ArithmeticException("negative price");
                }
                prices.add(new SupplierPrice(product.id(), cost, face));
            } catch (ArithmeticException | IllegalArgumentException e) {
                log.warn("vouchers: refused a price ({}): {}", e.getMessage(), SupplierHttp.cut(product.info().toString()));
            }
        }
        return prices;
    }

    /** Codes and top-ups are not stocked per province; the aggregator says only whether it can supply them. */
    @Override
    public List<SupplierStock> stock(List<String> skuIds, int province) {
        return products(skuIds).stream().map(product -> {
            boolean available = product.info().path("stock_status").asString("").equals("充足");
            return new SupplierStock(product.id(), available, available ? 9_999 : 0);
        }).toList();
    }

    @Override
    public List<ChangeMessage> changes() {
        return List.of();
    }

    @Override
    public void acknowledge(ChangeMessage change) {
    }

    /**
     * A card order when the request names no account, a top-up otherwise, at the price we expect (customer_price: the
     * aggregator refuses with 2002 if its price is higher). An order number used before (2003, e.g. our first try timed
     * out after it was taken) answers the first order.
     */
    @Override
    public SupplierOrder submit(OrderRequest order) {
        Map<String, Object> biz = new LinkedHashMap<>();
        biz.put("product_id", order.skuId());
        biz.put("customer_order_no", order.orderNo());
        biz.put("buy_num", order.quantity());
        biz.put("customer_price", BigDecimal.valueOf(order.unitCostFen(), 2).toPlainString());
        biz.put("notify_url", settings.notifyUrl().get().toString());
        String method = "fulu.order.card.add";
        if (order.account() != null) {
            biz.put("charge_account", order.account());
            method = "fulu.order.direct.add";
        }
        JsonNode answer = envelope(method, biz);
        JsonNode result;
        if (answer.path("code").asInt(-1) == 2003) {
            result = call("fulu.order.info.get", Map.of("customer_order_no", order.orderNo()));
            log.info("vouchers: order {} was placed before as {}", order.orderNo(), result.path("order_id").asString(""));
        } else {
            result = result(method, answer);
        }
        String id = result.path("order_id").asString("");
        if (id.isBlank()) {
            throw new SupplierException(SUPPLIER, SupplierException.Kind.MALFORMED, method + " answered no order_id", SupplierHttp.cut(result.toString()), null);
        }
        long total = SupplierHttp.fen(result.path("order_price"));
        int quantity = Math.max(1, result.path("buy_num").asInt(order.quantity()));
        return new SupplierOrder(id, total / quantity);
    }

    @Override
    public void cancel(String supplierOrderId) {
        throw new SupplierException(SUPPLIER, SupplierException.Kind.REFUSED, "the aggregator takes no cancellations", null, null);
    }

    @Override
    public OrderStatus status(String orderNo, String supplierOrderId) {
        JsonNode info = call("fulu.order.info.get", Map.of("customer_order_no", orderNo));
        List<OrderStatus.Tracking> tracking = new ArrayList<>();
        tracking(tracking, info.path("create_time").asString(""), "订单已提交");
        tracking(tracking, info.path("finish_time").asString(""), info.path("recharge_description").asString(""));
        return status(info.path("order_state").asString(""), info.path("recharge_description").asString(""), info.path("cards").asString(""),
                tracking);
    }

    @Override
    public List<StatementLine> statement(YearMonth month) {
        return StatementCsv.parse(SUPPLIER, call("fulu.bill.statement.get", Map.of("month", month.toString())).asString(""));
    }

    /**
     * A notification: a flat JSON object of strings, signed like our requests, dated by its {@code timestamp} (Beijing
     * time). Its codes ({@code cards}) are decrypted into the status and redacted from what may be logged or kept.
     */
    @Override
    public Notice notice(Map<String, String> headers, String body) {
        Map<String, String> fields = new TreeMap<>();
        try {
            JsonNode notice = JSON.readTree(body);
            if (notice == null || !notice.isObject()) {
                throw new SupplierException(SUPPLIER, SupplierException.Kind.MALFORMED, "notification is not a JSON object", Redaction.unread(body), null);
            }
            notice.properties().forEach(field -> fields.put(field.getKey(), field.getValue().isString() ? field.getValue().asString()
                    : field.getValue().toString()));
        } catch (JacksonException e) {
            throw new SupplierException(SUPPLIER, SupplierException.Kind.MALFORMED, "notification is not JSON", Redaction.unread(body), e);
        }
        Map<String, String> shown = new TreeMap<>(fields);
        shown.replaceAll((name, value) -> Redaction.CODE_FIELDS.contains(name) ? Redaction.REDACTED : value);
        String redacted = JSON.writeValueAsString(shown);
        String sign = fields.remove("sign");
        if (!VoucherCrypto.verifies(sign, VoucherCrypto.sign(fields, settings.appSecret()))) {
            throw new SupplierException(SUPPLIER, SupplierException.Kind.REFUSED, "notification signature does not verify", SupplierHttp.cut(redacted), null);
        }
        String orderNo = fields.getOrDefault("customer_order_no", "");
        String orderId = fields.getOrDefault("order_id", "");
        String state = fields.getOrDefault("order_status", "");
        if (orderNo.isBlank() || orderId.isBlank() || state.isBlank()) {
            throw new SupplierException(SUPPLIER, SupplierException.Kind.MALFORMED, "notification without order or status", SupplierHttp.cut(redacted), null);
        }
        Instant sentAt;
        try {
            sentAt = LocalDateTime.parse(fields.getOrDefault("timestamp", ""), TIMESTAMP).atZone(BEIJING).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new SupplierException(SUPPLIER, SupplierException.Kind.MALFORMED, "notification without a timestamp as yyyy-MM-dd HH:mm:ss",
                    SupplierHttp.cut(redacted), null);
        }
        List<OrderStatus.Tracking> tracking = new ArrayList<>();
        if (!state.equals("processing")) {
            tracking(tracking, fields.getOrDefault("timestamp", ""), fields.getOrDefault("recharge_description", ""));
        }
        OrderStatus status;
        try {
            status = status(state, fields.getOrDefault("recharge_description", ""), fields.getOrDefault("cards", ""), tracking);
        } catch (SupplierException e) {
            throw new SupplierException(SUPPLIER, e.kind(), e.getMessage().substring(SUPPLIER.length() + 2), SupplierHttp.cut(redacted), e);
        }
        return new Notice(orderNo, orderId, status, orderId + ":" + state, sentAt, redacted);
    }

    private OrderStatus status(String state, String description, String cards, List<OrderStatus.Tracking> tracking) {
        return switch (state) {
            case "success" -> new OrderStatus(OrderStatus.Stage.DELIVERED, tracking, cards.isBlank() ? List.of() : VoucherCrypto.decryptCards(cards, cardKey), null);
            case "failed" -> new OrderStatus(OrderStatus.Stage.FAILED, tracking, List.of(), description.isBlank() ? "the aggregator failed the order" : description);
            case "processing", "untreated" -> new OrderStatus(OrderStatus.Stage.CONFIRMED, tracking, List.of(), null);
            default -> throw new SupplierException(SUPPLIER, SupplierException.Kind.MALFORMED, "unknown order state " + state, null, null);
        };
    }

    private static void tracking(List<OrderStatus.Tracking> into, String time, String text) {
        if (time.isBlank() || text.isBlank()) {
            return;
        }
        try {
            into.add(new OrderStatus.Tracking(LocalDateTime.parse(time, TIMESTAMP).atZone(BEIJING).toInstant(), text));
        } catch (java.time.format.DateTimeParseException e) {
            log.warn("vouchers: a time that does not parse: {}", time);
        }
    }

    /** The products behind up to 100 ids, read in one call (details, prices and stock all come from it). */
    private List<Product> products(List<String> skuIds) {
        if (skuIds.isEmpty() || skuIds.size() > 100) {
            throw new IllegalArgumentException("1 to 100 SKUs per call, not " + skuIds.size());
        }
        List<Product> products = new ArrayList<>();
        for (JsonNode info : call("fulu.goods.info.batch.get", Map.of("product_ids", String.join(",", skuIds)))) {
            String id = info.path("product_id").asString("");
            if (id.isBlank()) {
                log.warn("vouchers: refused a product without id: {}", SupplierHttp.cut(info.toString()));
                continue;
            }
            products.add(new Product(id, info));
        }
        return products;
    }

    private JsonNode call(String method, Map<String, Object> biz) {
        return result(method, envelope(method, biz));
    }

    /** The result of a successful answer, or the aggregator's refusal as a {@link SupplierException}. */
    private static JsonNode result(String method, JsonNode answer) {
        int code = answer.path("code").asInt(-1);
        if (code == 0) {
            String result = answer.path("result").asString("");
            try {
                return result.isEmpty() ? JSON.nullNode() : JSON.readTree(result);
            } catch (JacksonException e) {
                throw new SupplierException(SUPPLIER, SupplierException.Kind.MALFORMED, method + " answered a result that is not JSON",
                        SupplierHttp.cut(result), e);
            }
        }
        var kind = switch (code) {
            case 1001, 1002, 1003 -> SupplierException.Kind.AUTHENTICATION;
            case 2002 -> SupplierException.Kind.PRICE_CHANGED;
            case 2004, 2005 -> SupplierException.Kind.SOLD_OUT;
            default -> SupplierException.Kind.REFUSED;
        };
        throw new SupplierException(SUPPLIER, kind, method + " refused: " + code + " " + answer.path("message").asString(""),
                SupplierHttp.cut(answer.toString()), null);
    }

    /** One signed call; answers the aggregator's whole (verified) answer. Its rate-limit answer (1010) is retried. */
    private JsonNode envelope(String method, Map<String, Object> biz) {
        Map<String, String> request = new TreeMap<>();
        request.put("app_key", settings.appKey());
        request.put("method", method);
        request.put("timestamp", LocalDateTime.now(BEIJING).format(TIMESTAMP));
        request.put("version", "2.0");
        request.put("format", "json");
        request.put("charset", "utf-8");
        request.put("sign_type", "md5");
        request.put("biz_content", JSON.writeValueAsString(biz));
        request.put("sign", VoucherCrypto.sign(request, settings.appSecret()));
        var http = HttpRequest.newBuilder(settings.baseUrl().resolve("/api/gateway"))
                .timeout(settings.timeout())
                .header("Content-Type", "application/json;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)))
                .build();
        return this.http.exchange(method, http, body -> {
            JsonNode answer = JSON.readTree(body);
            if (!answer.isObject() || !answer.has("code")) {
                throw new SupplierException(SUPPLIER, SupplierException.Kind.MALFORMED, method + " answered without a code", SupplierHttp.cut(body), null);
            }
            if (answer.path("code").asInt() == 1010) {
                throw new SupplierException(SUPPLIER, SupplierException.Kind.RATE_LIMITED, method + " rate limit exceeded", SupplierHttp.cut(body), null);
            }
            // Results we act on must carry the aggregator's signature; a refusal is read as it is.
            String result = answer.path("result").asString("");
            if (answer.path("code").asInt() == 0
                    && !VoucherCrypto.verifies(answer.path("sign").asString(""), VoucherCrypto.answerSignature(result, settings.appSecret()))) {
                throw new SupplierException(SUPPLIER, SupplierException.Kind.MALFORMED, method + " answer's signature does not verify",
                        SupplierHttp.cut(body), null);
            }
            return answer;
        });
    }
}
