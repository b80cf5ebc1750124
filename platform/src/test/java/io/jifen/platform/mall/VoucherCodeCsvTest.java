package io.jifen.platform.mall;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.FieldProblem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class VoucherCodeCsvTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 30);

    private static List<VoucherCodeCsv.Line> parse(String file) {
        return VoucherCodeCsv.parse(file.getBytes(StandardCharsets.UTF_8), TODAY);
    }

    private static List<FieldProblem> problems(String file) {
        return catchThrowableOfType(DomainException.class, () -> parse(file)).errors();
    }

    @Test
    void aFileIsCodesOneALineWithAnOptionalHeaderDateAndBom() {
        var lines = parse("\uFEFFcode,valid_until\r\nA-1,2026-11-30\r\n\r\n  B-2  \nC 3,\n");

        assertThat(lines).containsExactly(new VoucherCodeCsv.Line(2, "A-1", TODAY), new VoucherCodeCsv.Line(4, "B-2", null),
                new VoucherCodeCsv.Line(5, "C 3", null));
        assertThat(parse("CODE\nX")).extracting(VoucherCodeCsv.Line::code).containsExactly("X");
        assertThat(parse("only-one")).extracting(VoucherCodeCsv.Line::line).containsExactly(1);
    }

    @Test
    void everyBadLineIsNamedByNumberAndFieldWithoutItsCode() {
        String secret = "S3CRET";
        var problems = problems(secret + "\n,2027-01-01\n" + secret + "\n" + "x".repeat(201) + "\nB,2027-13-01\nC\u200B\nD,2026-11-29\nE,1,2\nF\tG\n");

        assertThat(problems).extracting(FieldProblem::line).containsExactly(2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(problems).extracting(FieldProblem::field).containsExactly("code", "code", "code", "valid_until", "code", "valid_until",
                "valid_until", "code");
        assertThat(problems).extracting(FieldProblem::message).noneMatch(m -> m.contains(secret));
        assertThat(problems.get(1).message()).isEqualTo("the same code as line 1");
    }

    @Test
    void aFileWithoutCodesOrNotUtf8IsRefusedWhole() {
        assertThat(problems("")).extracting(FieldProblem::field).containsExactly("file");
        assertThat(problems("code,valid_until\n\n")).extracting(FieldProblem::field).containsExactly("file");
        var notUtf8 = catchThrowableOfType(DomainException.class,
                () -> VoucherCodeCsv.parse(new byte[] {'A', '\n', (byte) 0xC3, (byte) 0x28}, TODAY));
        assertThat(notUtf8.errors()).extracting(FieldProblem::line).containsExactly(2);
    }

    @Test
    void atMostAHundredBadLinesAreListed() {
        var refused = catchThrowableOfType(DomainException.class, () -> parse(",\n".repeat(150)));

        assertThat(refused.errors()).hasSize(VoucherCodeCsv.MAX_PROBLEMS);
        assertThat(refused.getMessage()).startsWith("150 bad line(s)");
    }
}
