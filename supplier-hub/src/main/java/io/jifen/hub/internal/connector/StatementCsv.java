package io.jifen.hub.internal.connector;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The statement CSV both sandboxed suppliers send (UTF-8, a header line, then one order per line: supplier order id,
 * our order number, SKU, quantity, unit price and total in yuan, delivery time in Beijing time). A statement with a
 * line that does not read is refused whole: a settlement must see every line.
 */
final class StatementCsv {

    static final String HEADER = "supplier_order_id,client_order_no,sku_id,quantity,unit_price,total,delivered_at";
    private static final List<String> COLUMNS = List.of(HEADER.split(","));
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    private StatementCsv() {
    }

    static List<StatementLine> parse(String supplier, String csv) {
        List<StatementLine> parsed = new ArrayList<>();
        try (CSVParser parser = CSVFormat.DEFAULT.parse(new StringReader(csv.strip()))) {
            Iterator<CSVRecord> records = parser.iterator();
            if (!records.hasNext() || !records.next().stream().map(String::strip).toList().equals(COLUMNS)) {
                throw new SupplierException(supplier, SupplierException.Kind.MALFORMED, "statement does not start with the header " + HEADER,
                        SupplierHttp.cut(csv), null);
            }
            while (records.hasNext()) {
                parsed.add(line(supplier, records.next()));
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new SupplierException(supplier, SupplierException.Kind.MALFORMED, "statement is not CSV: " + e.getMessage(), SupplierHttp.cut(csv), e);
        }
        return parsed;
    }

    private static StatementLine line(String supplier, CSVRecord record) {
        try {
            if (record.size() != COLUMNS.size() || record.get(0).isBlank() || record.get(1).isBlank()) {
                throw new IllegalArgumentException("7 fields with ids expected");
            }
            int quantity = Integer.parseInt(record.get(3).strip());
            long unit = new BigDecimal(record.get(4).strip()).movePointRight(2).longValueExact();
            long total = new BigDecimal(record.get(5).strip()).movePointRight(2).longValueExact();
            if (quantity <= 0 || unit < 0 || total < 0) {
                throw new IllegalArgumentException("quantity must be positive and prices not negative");
            }
            return new StatementLine(record.get(0).strip(), record.get(1).strip(), record.get(2).strip(), quantity, unit, total,
                    LocalDateTime.parse(record.get(6).strip(), TIME).atZone(BEIJING).toInstant());
        } catch (RuntimeException e) {
            throw new SupplierException(supplier, SupplierException.Kind.MALFORMED, "statement line " + record.getRecordNumber() + " does not read: "
                    + e.getMessage(), SupplierHttp.cut(String.join(",", record.values())), e);
        }
    }
}
