package io.jifen.platform.mall;

import java.time.LocalDate;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.jifen.platform.problem.DomainException;

/**
 * Fuzzes the e-voucher code file: whatever the bytes, it is read into codes that satisfy the file's rules (none empty,
 * too long or with a control character, none twice, dates not past), or refused whole with a DomainException (a 400),
 * never another exception.
 */
class VoucherCodeCsvFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void anyCodeFileIsReadOrRefused(FuzzedDataProvider data) {
        LocalDate today = LocalDate.of(2026, 1, 1).plusDays(data.consumeInt(0, 3_650));
        byte[] file = data.consumeRemainingAsBytes();
        try {
            var lines = VoucherCodeCsv.parse(file, today);
            if (lines.isEmpty() || lines.stream().map(VoucherCodeCsv.Line::code).distinct().count() != lines.size()) {
                throw new AssertionError("an accepted file has codes, each once: " + lines.size());
            }
            for (var line : lines) {
                String code = line.code();
                if (code.isEmpty() || code.length() > VoucherCodeCsv.MAX_CODE_LENGTH || !code.equals(code.strip())
                        || code.chars().anyMatch(Character::isISOControl) || (line.validUntil() != null && line.validUntil().isBefore(today))) {
                    throw new AssertionError("line " + line.line() + " should have been refused");
                }
            }
        } catch (DomainException refused) {
            // A 400 naming the file or its bad lines.
        }
    }
}
