package io.jifen.platform.b2b;

import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.jifen.platform.problem.DomainException;

/** Fuzzes the budget grant CSV: read whole or refused naming its lines, never another exception. */
class GrantFileFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void anyGrantFileIsReadOrRefused(byte[] csv) {
        try {
            GrantFile.lines(new String(csv, StandardCharsets.UTF_8));
        } catch (DomainException refused) {
            // A 400 naming the bad lines.
        }
    }
}
