package io.jifen.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A sandbox of an e-voucher aggregator's open API (in the style of the Chinese card-code and top-up platforms): one
 * gateway URL taking JSON {@code {app_key, method, timestamp, version, format, charset, sign_type, biz_content, sign}}
 * where {@code sign} is the MD5 of the parameters sorted by name ({@code k=v&k=v}) followed by the app secret, and
 * answering {@code {code, message, result, sign}} with the result as a JSON string, signed likewise (MD5 of result and
 * secret). Methods: {@code fulu.goods.list.get} (pages of up to 500), {@code fulu.goods.info.batch.get} (up to 100; the
 * aggregators' own takes one), {@code fulu.order.card.add} (card codes), {@code fulu.order.direct.add} (top-up of an
 * account), {@code fulu.order.info.get} (by our order number), {@code fulu.bill.statement.get} (a month's statement,
 * CSV).
 *
 * <p>Orders are worked on asynchronously: after {@link Timing#resultAfter} an order succeeds (card codes issued; the
 * account credited) or fails (an account of the wrong form), and the result is POSTed to the order's
 * {@code notify_url}, signed like the requests, until that URL answers {@code success}: resent with doubling waits, up
 * to {@link Timing#maxNotices} times. Card codes travel encrypted: AES-256-CBC under the SHA-256 of the app secret,
 * a random IV before the ciphertext, base64. Failures on request ({@link #faults()}): a call-rate limit (code 1010),
 * slow answers, lost answers, duplicate notifications, a stale "processing" notification after the final one, and
 * badly signed notifications.
 */
public final class VoucherSandbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VoucherSandbox.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** The merchant account a client signs with; the default is the devstack's. */
    public record Credentials(String appKey, String appSecret) {
        public static final Credentials DEVSTACK = new Credentials("jifen-hub", "sandbox-voucher-app-secret");
    }

    /** Failures to inject; all off by default. */
    public static final class Faults {
        /** Calls per second answered; the rest get code 1010. 0: unlimited. */
        public volatile int callsPerSecond;
        /** The next this many calls are carried out but answered only after {@link #slowDelay} (lost to a client that timed out). */
        public final AtomicInteger loseAnswers = new AtomicInteger();
        public volatile Duration slowDelay = Duration.ofSeconds(5);
        /** Every final notification is sent once more after it was answered. */
        public volatile boolean duplicateNotices;
        /** After the final notification, an older "processing" one arrives. */
        public volatile boolean staleNotices;
        /** The next this many notifications carry a wrong signature. */
        public final AtomicInteger badlySignedNotices = new AtomicInteger();
    }

    /** How fast orders finish and how notifications are resent. */
    public static final class Timing {
        public volatile Duration resultAfter = Duration.ofMillis(300);
        public volatile Duration firstResend = Duration.ofSeconds(1);
        /** Notifications sent per order at most; 0 sends none (the client must ask). */
        public volatile int maxNotices = 8;
    }

    /** An issued card: number, password, last valid day. */
    public record Card(String number, String password, LocalDate deadline) {
    }

    /** One order. */
    public static final class Order {
        public final long id;
        public final String customerOrderNo;
        public final VoucherCatalog.Product product;
        public final int buyNum;
        public final String account;
        public final long priceFen;
        public final String notifyUrl;
        public final Instant submittedAt;
        volatile String state = "processing";
        volatile List<Card> cards = List.of();
        volatile String description = "";
        volatile Instant finishedAt;
        /** Notifications sent and answered "success". */
        public final AtomicInteger noticesSent = new AtomicInteger();
        public final AtomicInteger noticesAcknowledged = new AtomicInteger();

        Order(long id, String customerOrderNo, VoucherCatalog.Product product, int buyNum, String account, long priceFen, String notifyUrl) {
            this.id = id;
            this.customerOrderNo = customerOrderNo;
            this.product = product;
            this.buyNum = buyNum;
            this.account = account;
            this.priceFen = priceFen;
            this.notifyUrl = notifyUrl;
            this.submittedAt = Instant.now();
        }

        public String state() {
            return state;
        }

        public List<Card> cards() {
            return cards;
        }
    }

    private final VoucherCatalog catalog;
    private final Credentials credentials;
    private final Faults faults = new Faults();
    private final Timing timing = new Timing();
    private final Map<Long, Order> orders = new ConcurrentHashMap<>();
    private final Map<String, Order> byCustomerNo = new ConcurrentHashMap<>();
    private final AtomicLong orderIds = new AtomicLong(23_000_000_000L);
    private final SandboxHttp.CallLimit callLimit = new SandboxHttp.CallLimit();
    private final List<String> refusedNotices = new CopyOnWriteArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, runnable -> {
        Thread thread = new Thread(runnable, "voucher-sandbox");
        thread.setDaemon(true);
        return thread;
    });

    public VoucherSandbox(VoucherCatalog catalog, Credentials credentials, int port) {
        this.catalog = catalog;
        this.credentials = credentials;
        server = SandboxHttp.server(port, this::handle);
    }

    public VoucherSandbox start() {
        server.start();
        log.info("e-voucher sandbox with {} products at {}", catalog.products().size(), uri());
        return this;
    }

    public URI uri() {
        return SandboxHttp.uri(server);
    }

    public VoucherCatalog catalog() {
        return catalog;
    }

    public Faults faults() {
        return faults;
    }

    public Timing timing() {
        return timing;
    }

    public Order order(String customerOrderNo) {
        return byCustomerNo.get(customerOrderNo);
    }

    /** What the receiving end answered to notifications it did not take ("success" is taken), newest last. */
    public List<String> refusedNotices() {
        return refusedNotices;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!"POST".equals(exchange.getRequestMethod()) || !path.equals("/api/gateway")) {
                SandboxHttp.answer(exchange, 404, "{\"code\":404,\"message\":\"not found\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            byte[] answer;
            if (callLimit.exceeded(faults.callsPerSecond)) {
                answer = envelope(1010, "接口调用频率超限", null);
            } else {
                answer = gateway(body);
            }
            if (faults.loseAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                Thread.sleep(faults.slowDelay);
            }
            SandboxHttp.answer(exchange, 200, answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("voucher sandbox failed on {}", exchange.getRequestURI(), e);
        }
    }

    private byte[] gateway(String body) {
        Map<String, Object> request;
        try {
            request = JSON.readValue(body, new TypeReference<>() {
            });
        } catch (RuntimeException e) {
            return envelope(1000, "请求不是有效的JSON", null);
        }
        try {
            if (!credentials.appKey().equals(request.get("app_key"))) {
                throw new Refusal(1001, "app_key不存在");
            }
            Map<String, String> signed = new TreeMap<>();
            request.forEach((key, value) -> {
                if (!key.equals("sign") && value != null) {
                    signed.put(key, String.valueOf(value));
                }
            });
            if (!sign(signed, credentials.appSecret()).equals(request.get("sign"))) {
                throw new Refusal(1002, "签名错误");
            }
            LocalDateTime timestamp;
            try {
                timestamp = LocalDateTime.parse(String.valueOf(request.get("timestamp")), TIME);
            } catch (RuntimeException e) {
                throw new Refusal(1000, "timestamp格式错误");
            }
            if (Duration.between(timestamp, LocalDateTime.now(SandboxOrders.BEIJING)).abs().compareTo(Duration.ofMinutes(10)) > 0) {
                throw new Refusal(1003, "时间戳超出允许范围");
            }
            Map<String, Object> biz;
            try {
                biz = JSON.readValue(String.valueOf(request.getOrDefault("biz_content", "{}")), new TypeReference<>() {
                });
            } catch (RuntimeException e) {
                throw new Refusal(1000, "biz_content不是有效的JSON");
            }
            Object result = switch (String.valueOf(request.get("method"))) {
                case "fulu.goods.list.get" -> goodsList(biz);
                case "fulu.goods.info.batch.get" -> goodsInfo(biz);
                case "fulu.order.card.add" -> addOrder(biz, VoucherCatalog.Type.CARD);
                case "fulu.order.direct.add" -> addOrder(biz, VoucherCatalog.Type.DIRECT);
                case "fulu.order.info.get" -> orderInfo(found(text(biz, "customer_order_no")));
                case "fulu.bill.statement.get" -> statement(text(biz, "month"));
                default -> throw new Refusal(1000, "method不存在: " + request.get("method"));
            };
            return envelope(0, "接口调用成功", result);
        } catch (Refusal e) {
            return envelope(e.code, e.getMessage(), null);
        }
    }

    private Map<String, Object> goodsList(Map<String, Object> biz) {
        int pageNo = number(biz, "page_no", 1);
        int pageSize = number(biz, "page_size", 100);
        if (pageNo < 1 || pageSize < 1 || pageSize > 500) {
            throw new Refusal(1000, "page_no须大于0，page_size须在1-500之间");
        }
        var all = catalog.products();
        int from = Math.min(all.size(), (pageNo - 1) * pageSize);
        List<Long> ids = all.subList(from, Math.min(all.size(), from + pageSize)).stream().map(p -> p.id).toList();
        return Map.of("total", all.size(), "page_count", (all.size() + pageSize - 1) / pageSize, "product_ids", ids);
    }

    private List<Map<String, Object>> goodsInfo(Map<String, Object> biz) {
        String[] ids = text(biz, "product_ids").split(",");
        if (ids.length > 100) {
            throw new Refusal(1000, "product_ids不能超过100个");
        }
        List<Map<String, Object>> found = new ArrayList<>();
        for (String id : ids) {
            var product = product(id);
            if (product == null) {
                continue;
            }
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("product_id", product.id);
            info.put("product_name", product.name);
            info.put("product_type", product.type == VoucherCatalog.Type.CARD ? "卡密" : "直充");
            info.put("brand", product.brand);
            info.put("category", String.join(";", product.category));
            info.put("face_value", yuan(product.faceFen));
            info.put("purchase_price", yuan(product.priceFen()));
            info.put("stock_status", product.inStock() ? "充足" : "断货");
            info.put("sales_status", product.onSale() ? "上架" : "下架");
            info.put("valid_days", product.validDays);
            found.add(info);
        }
        return found;
    }

    private Map<String, Object> addOrder(Map<String, Object> biz, VoucherCatalog.Type type) {
        String customerOrderNo = text(biz, "customer_order_no");
        var product = product(text(biz, "product_id"));
        if (product == null) {
            throw new Refusal(2001, "商品不存在");
        }
        if (product.type != type) {
            throw new Refusal(1000, "商品类型与下单接口不符: " + product.id);
        }
        int buyNum = number(biz, "buy_num", 1);
        if (buyNum < 1 || buyNum > 100) {
            throw new Refusal(1000, "buy_num须在1-100之间");
        }
        String account = type == VoucherCatalog.Type.DIRECT ? text(biz, "charge_account") : "";
        if (!product.onSale()) {
            throw new Refusal(2005, "商品已下架");
        }
        if (!product.inStock()) {
            throw new Refusal(2004, "商品库存不足");
        }
        long price = product.priceFen();
        Object stated = biz.get("customer_price");
        if (stated != null && new BigDecimal(String.valueOf(stated)).movePointRight(2).longValue() < price) {
            throw new Refusal(2002, "商品价格已变动，当前进价 " + yuan(price));
        }
        var order = new Order(orderIds.incrementAndGet(), customerOrderNo, product, buyNum, account, price,
                String.valueOf(biz.getOrDefault("notify_url", "")));
        if (byCustomerNo.putIfAbsent(customerOrderNo, order) != null) {
            throw new Refusal(2003, "客户订单号已存在: " + customerOrderNo);
        }
        orders.put(order.id, order);
        scheduler.schedule(() -> finish(order), timing.resultAfter.toMillis(), TimeUnit.MILLISECONDS);
        return Map.of("order_id", String.valueOf(order.id), "customer_order_no", customerOrderNo, "product_id", product.id,
                "buy_num", buyNum, "order_price", yuan(price * buyNum), "order_state", "processing");
    }

    private void finish(Order order) {
        if (order.product.type == VoucherCatalog.Type.DIRECT && !order.product.accountPattern.matcher(order.account).matches()) {
            order.description = "充值账号无效: " + order.account;
            order.state = "failed";
        } else {
            if (order.product.type == VoucherCatalog.Type.CARD) {
                List<Card> cards = new ArrayList<>();
                LocalDate deadline = LocalDate.now(SandboxOrders.BEIJING).plusDays(order.product.validDays);
                for (int i = 0; i < order.buyNum; i++) {
                    cards.add(new Card(code(16), digits(8), deadline));
                }
                order.cards = List.copyOf(cards);
            }
            order.description = "充值成功";
            order.state = "success";
        }
        order.finishedAt = Instant.now();
        if (!order.notifyUrl.isBlank() && timing.maxNotices > 0) {
            notify(order, order.state, 1, false);
        }
    }

    /** Sends the order's notification; resends with doubling waits until it is answered "success" or tries run out. */
    private void notify(Order order, String state, int attempt, boolean extra) {
        Map<String, String> notice = new TreeMap<>();
        notice.put("order_id", String.valueOf(order.id));
        notice.put("customer_order_no", order.customerOrderNo);
        notice.put("order_status", state);
        notice.put("product_id", String.valueOf(order.product.id));
        notice.put("buy_num", String.valueOf(order.buyNum));
        notice.put("order_price", yuan(order.priceFen * order.buyNum).toPlainString());
        notice.put("recharge_description", state.equals("processing") ? "处理中" : order.description);
        notice.put("timestamp", LocalDateTime.now(SandboxOrders.BEIJING).format(TIME));
        if (state.equals("success") && !order.cards.isEmpty()) {
            notice.put("cards", encryptCards(order.cards));
        }
        String sign = sign(notice, credentials.appSecret());
        if (faults.badlySignedNotices.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            sign = sign.substring(1) + "0";
        }
        Map<String, String> body = new LinkedHashMap<>(notice);
        body.put("sign", sign);
        order.noticesSent.incrementAndGet();
        boolean taken = false;
        try {
            var response = http.send(HttpRequest.newBuilder(URI.create(order.notifyUrl)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json;charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
            taken = response.statusCode() == 200 && response.body().strip().equals("success");
            if (!taken) {
                refusedNotices.add(response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            refusedNotices.add(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (taken) {
            order.noticesAcknowledged.incrementAndGet();
            if (!extra && faults.duplicateNotices) {
                scheduler.execute(() -> notify(order, state, 1, true));
            }
            if (!extra && faults.staleNotices) {
                scheduler.execute(() -> notify(order, "processing", 1, true));
            }
            return;
        }
        if (attempt < timing.maxNotices) {
            long wait = timing.firstResend.toMillis() << Math.min(10, attempt - 1);
            scheduler.schedule(() -> notify(order, state, attempt + 1, extra), wait, TimeUnit.MILLISECONDS);
        }
    }

    private Map<String, Object> orderInfo(Order order) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("order_id", String.valueOf(order.id));
        info.put("customer_order_no", order.customerOrderNo);
        info.put("product_id", order.product.id);
        info.put("product_name", order.product.name);
        info.put("buy_num", order.buyNum);
        info.put("order_price", yuan(order.priceFen * order.buyNum));
        info.put("order_state", order.state);
        info.put("charge_account", order.account);
        info.put("create_time", LocalDateTime.ofInstant(order.submittedAt, SandboxOrders.BEIJING).format(TIME));
        info.put("finish_time", order.finishedAt == null ? "" : LocalDateTime.ofInstant(order.finishedAt, SandboxOrders.BEIJING).format(TIME));
        info.put("recharge_description", order.description);
        info.put("cards", order.cards.isEmpty() ? "" : encryptCards(order.cards));
        return info;
    }

    /** The month's statement (Beijing time) as CSV: every successful order finished in it. */
    private String statement(String month) {
        java.time.YearMonth yearMonth;
        try {
            yearMonth = java.time.YearMonth.parse(month);
        } catch (RuntimeException e) {
            throw new Refusal(1000, "month格式错误，应为yyyy-MM");
        }
        StringBuilder csv = new StringBuilder("supplier_order_id,client_order_no,sku_id,quantity,unit_price,total,delivered_at\n");
        orders.values().stream()
                .filter(order -> order.state.equals("success") && order.finishedAt != null
                        && java.time.YearMonth.from(LocalDateTime.ofInstant(order.finishedAt, SandboxOrders.BEIJING)).equals(yearMonth))
                .sorted(java.util.Comparator.comparing(order -> order.finishedAt))
                .forEach(order -> csv.append(order.id).append(',').append(order.customerOrderNo).append(',').append(order.product.id)
                        .append(',').append(order.buyNum).append(',').append(yuan(order.priceFen)).append(',')
                        .append(yuan(order.priceFen * order.buyNum)).append(',').append(SandboxOrders.time(order.finishedAt)).append('\n'));
        return csv.toString();
    }

    private Order found(String customerOrderNo) {
        Order order = byCustomerNo.get(customerOrderNo);
        if (order == null) {
            throw new Refusal(3001, "订单不存在: " + customerOrderNo);
        }
        return order;
    }

    private VoucherCatalog.Product product(String id) {
        try {
            return catalog.product(Long.parseLong(id.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Encrypts cards as the aggregator does: AES-256-CBC, key SHA-256(app secret), random IV first, base64. */
    private String encryptCards(List<Card> cards) {
        List<Map<String, String>> plain = cards.stream().map(card -> Map.of("card_number", card.number(), "card_pwd", card.password(),
                "card_deadline", card.deadline().toString())).toList();
        try {
            byte[] iv = new byte[16];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.ENCRYPT_MODE, cardKey(credentials.appSecret()), new IvParameterSpec(iv));
            byte[] sealed = cipher.doFinal(JSON.writeValueAsBytes(plain));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(16 + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key card codes travel under. */
    public static SecretKeySpec cardKey(String appSecret) {
        try {
            return new SecretKeySpec(MessageDigest.getInstance("SHA-256").digest(appSecret.getBytes(StandardCharsets.UTF_8)), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** MD5 (lower-case hex) of the parameters sorted by name as {@code k=v&k=v}, followed by the secret. */
    public static String sign(Map<String, String> parameters, String secret) {
        String joined = new TreeMap<>(parameters).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
        return JdVopSandbox.md5(joined + secret);
    }

    private byte[] envelope(int code, String message, Object result) {
        String resultText = result == null ? "" : JSON.writeValueAsString(result);
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("code", code);
        envelope.put("message", message);
        envelope.put("result", resultText);
        envelope.put("sign", JdVopSandbox.md5(resultText + credentials.appSecret()));
        return JSON.writeValueAsBytes(envelope);
    }


    private String code(int length) {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < length; i++) {
            code.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return code.toString();
    }

    private static String digits(int length) {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < length; i++) {
            digits.append(ThreadLocalRandom.current().nextInt(10));
        }
        return digits.toString();
    }

    private static String text(Map<String, Object> biz, String name) {
        Object value = biz.get(name);
        if (value == null || String.valueOf(value).isBlank()) {
            throw new Refusal(1000, name + "不能为空");
        }
        return String.valueOf(value);
    }

    private static int number(Map<String, Object> biz, String name, int otherwise) {
        Object value = biz.get(name);
        try {
            return value == null ? otherwise : Integer.parseInt(String.valueOf(value));
        } catch (NumberFormatException e) {
            throw new Refusal(1000, name + "须为整数");
        }
    }

    static BigDecimal yuan(long fen) {
        return BigDecimal.valueOf(fen, 2);
    }


    private static final class Refusal extends RuntimeException {
        final int code;

        Refusal(int code, String message) {
            super(message);
            this.code = code;
        }
    }
}
