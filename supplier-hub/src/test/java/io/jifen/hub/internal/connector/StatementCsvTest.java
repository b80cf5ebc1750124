package io.jifen.hub.internal.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class StatementCsvTest {

    private static final String HEADER = StatementCsv.HEADER + "\n";

    @Test
    void linesReadAsFenAndBeijingTimeAndBlankLinesAreSkipped() {
        var lines = StatementCsv.parse("jd", HEADER + "900001,JF-0001,100001,2,19.90,39.80,2026-11-02 08:30:00\n\n"
                + "900002,\"JF-0002\",100002,1,5,5.00,2026-11-30 23:59:59\n");

        assertThat(lines).containsExactly(
                new StatementLine("900001", "JF-0001", "100001", 2, 1_990, 3_980, Instant.parse("2026-11-02T00:30:00Z")),
                new StatementLine("900002", "JF-0002", "100002", 1, 500, 500, Instant.parse("2026-11-30T15:59:59Z")));
    }

    @Test
    void aStatementWithoutTheHeaderOrWithALineThatDoesNotReadIsRefusedWhole() {
        assertThatThrownBy(() -> StatementCsv.parse("jd", "900001,JF-0001,100001,2,19.90,39.80,2026-11-02 08:30:00"))
                .isInstanceOfSatisfying(SupplierException.class, e -> assertThat(e.kind()).isEqualTo(SupplierException.Kind.MALFORMED))
                .hasMessageContaining("header");
        assertThatThrownBy(() -> StatementCsv.parse("jd", HEADER + "900001,JF-0001,100001,2,19.90,39.80,2026-11-02 08:30:00\n"
                + "900002,JF-0002,100002,1,19.999,5.00,2026-11-30 23:59:59\n"))
                .isInstanceOf(SupplierException.class).hasMessageContaining("statement line 3 does not read");
        assertThatThrownBy(() -> StatementCsv.parse("jd", HEADER + "900001,JF-0001,100001,2,19.90\n"))
                .isInstanceOf(SupplierException.class).hasMessageContaining("7 fields");
    }
}
