package io.jifen.hub.internal.connector;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The statement CSV both sandboxed suppliers send (UTF-8, a header line, then one order per line: supplier order id,
 * our order number, SKU, quantity, unit price and total in yuan, delivery time in Beijing time). A statement with a
 * line that does not read is refused whole: a settlement must see every line.
 */
final class StatementCsv {

    static final String HEADER = "supplier_order_id,client_order_no,sku_id,quantity,unit_price,total,delivered_at";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    private StatementCsv() {
    }

    static List<StatementLine> parse(String supplier, String csv) {
        String[] lines = csv.strip().split("\r?\n");
        if (lines.length == 0 || !lines[0].strip().equals(HEADER)) {
            throw new SupplierException(supplier, SupplierException.Kind.MALFORMED, "statement does not start with the header " + HEADER,
                    SupplierHttp.cut(csv), null);
        }
        List<StatementLine> parsed = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] fields = lines[i].split(",", -1);
            try {
                if (fields.length != 7 || fields[0].isBlank() || fields[1].isBlank()) {
                    throw new IllegalArgumentException("7 fields with ids expected");
                }
                int quantity = Integer.parseInt(fields[3].strip());
                long unit = new BigDecimal(fields[4].strip()).movePointRight(2).longValueExact();
                long total = new BigDecimal(fields[5].strip()).movePointRight(2).longValueExact();
                if (quantity <= 0 || unit < 0 || total < 0) {
                    throw new IllegalArgumentException("quantity must be positive and prices not negative");
                }
                parsed.add(new StatementLine(fields[0].strip(), fields[1].strip(), fields[2].strip(), quantity, unit, total,
                        LocalDateTime.parse(fields[6].strip(), TIME).atZone(BEIJING).toInstant()));
            } catch (RuntimeException e) {
                throw new SupplierException(supplier, SupplierException.Kind.MALFORMED, "statement line " + (i + 1) + " does not read: " + e.getMessage(),
                        SupplierHttp.cut(lines[i]), e);
            }
        }
        return parsed;
    }
}
