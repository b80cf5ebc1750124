package io.jifen.platform.member;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.validation.Validation;
import jakarta.validation.Validator;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.jifen.platform.problem.DomainException;

/**
 * Fuzzes the member import file (UTF-8 or GB18030): whatever the bytes, the file is read into good rows and bad rows'
 * problems, or refused whole with a DomainException (a 400), never another exception.
 */
class MemberCsvFuzzTest {

    // Built on first use, after Jazzer's agent has attached (see EarningEventFuzzTest).
    private static final class Bean {
        static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();
    }

    @FuzzTest(maxDuration = "10s")
    void anyMemberFileIsReadOrRefused(FuzzedDataProvider data) {
        Charset charset = data.consumeBoolean() ? StandardCharsets.UTF_8 : Charset.forName("GB18030");
        byte[] file = data.consumeRemainingAsBytes();
        try {
            var parsed = MemberCsv.parse(file, charset, Bean.VALIDATOR);
            if (parsed.rows() < parsed.good().size()) {
                throw new AssertionError("more good rows than rows: " + parsed);
            }
        } catch (DomainException refused) {
            // A 400 naming the file or the bad lines.
        }
    }
}
