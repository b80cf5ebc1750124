package io.jifen.hub.internal.connector;

import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the suppliers' statement CSV parser: whatever the text, it is read or refused whole with a
 * {@link SupplierException}, never another exception. Regression inputs:
 * {@code src/test/resources/io/jifen/hub/internal/connector/StatementCsvFuzzTestInputs/anyStatementIsReadOrRefused/}.
 */
class StatementCsvFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void anyStatementIsReadOrRefused(byte[] csv) {
        try {
            StatementCsv.parse("jd", new String(csv, StandardCharsets.UTF_8));
        } catch (SupplierException refused) {
            // Refused whole, as a statement with a line that does not read must be.
        }
    }
}
