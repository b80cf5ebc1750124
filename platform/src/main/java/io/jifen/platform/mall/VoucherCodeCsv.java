package io.jifen.platform.mall;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.FieldProblem;

/**
 * A file of e-voucher codes read and checked, nothing stored: UTF-8, one code a line, optionally a comma and the last
 * day it is valid (an ISO date, {@code 2026-12-31}), optionally a header line {@code code,valid_until}. Blank lines
 * are skipped; spaces around a code or date do not count. The file is taken whole or not at all: any bad line (an
 * empty code, one longer than {@value #MAX_CODE_LENGTH} characters or with a control character, a bad or past date, a
 * code that appears twice) refuses it with every bad line by number. A problem never quotes a code: they are secrets.
 */
final class VoucherCodeCsv {

    /** A code of the file and the line it is on. */
    record Line(int line, String code, @Nullable LocalDate validUntil) {
    }

    static final int MAX_CODES = 50_000;
    static final int MAX_CODE_LENGTH = 200;
    /** At most this many bad lines are listed; the detail says how many there are in all. */
    static final int MAX_PROBLEMS = 100;

    private VoucherCodeCsv() {
    }

    /** The file's codes in file order; {@code today} (the tenant's) is the earliest a code may be valid until. */
    static List<Line> parse(byte[] file, LocalDate today) {
        String text = decode(file);
        String[] lines = text.split("\n", -1);
        List<Line> codes = new ArrayList<>();
        List<FieldProblem> problems = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean first = true;
        int rows = 0;
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isBlank()) {
                continue;
            }
            if (first) {
                first = false;
                if (isHeader(line)) {
                    continue;
                }
            }
            if (++rows > MAX_CODES) {
                throw DomainException.invalidField("file", "more than " + MAX_CODES + " codes; split the file");
            }
            Line read = read(line, number, today, problems);
            if (read == null) {
                continue;
            }
            Integer earlier = seen.putIfAbsent(read.code(), number);
            if (earlier != null) {
                problems.add(new FieldProblem(number, "code", "the same code as line " + earlier));
                continue;
            }
            codes.add(read);
        }
        if (!problems.isEmpty()) {
            int all = problems.size();
            throw DomainException.invalid(all + " bad line(s) in the file; no code was stored"
                    + (all > MAX_PROBLEMS ? " (the first " + MAX_PROBLEMS + " are listed)" : ""),
                    problems.subList(0, Math.min(all, MAX_PROBLEMS)));
        }
        if (codes.isEmpty()) {
            throw DomainException.invalidField("file", "has no codes: one code a line, optionally with ,valid_until");
        }
        return codes;
    }

    private static boolean isHeader(String line) {
        String header = line.strip().replace(" ", "").toLowerCase(Locale.ROOT);
        return header.equals("code") || header.equals("code,valid_until");
    }

    private static @Nullable Line read(String line, int number, LocalDate today, List<FieldProblem> problems) {
        int comma = line.indexOf(',');
        String code = (comma < 0 ? line : line.substring(0, comma)).strip();
        String date = comma < 0 ? null : line.substring(comma + 1).strip();
        int before = problems.size();
        if (code.isEmpty()) {
            problems.add(new FieldProblem(number, "code", "is empty"));
        } else if (code.length() > MAX_CODE_LENGTH) {
            problems.add(new FieldProblem(number, "code", "is longer than " + MAX_CODE_LENGTH + " characters"));
        } else if (code.chars().anyMatch(VoucherCodeCsv::isControl)) {
            problems.add(new FieldProblem(number, "code", "contains a control character"));
        }
        LocalDate validUntil = null;
        if (date != null) {
            if (date.indexOf(',') >= 0) {
                problems.add(new FieldProblem(number, "valid_until", "a line is a code and optionally one date: code,valid_until"));
            } else if (!date.isEmpty()) {
                try {
                    validUntil = LocalDate.parse(date);
                    if (validUntil.isBefore(today)) {
                        problems.add(new FieldProblem(number, "valid_until", "is in the past (before " + today + ")"));
                    }
                } catch (DateTimeParseException e) {
                    problems.add(new FieldProblem(number, "valid_until", "is not a date like 2026-12-31"));
                }
            }
        }
        return problems.size() == before ? new Line(number, code, validUntil) : null;
    }

    /** Control and format characters (C0, DEL, C1, zero-width and direction marks) and lone surrogates. */
    private static boolean isControl(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    /** Strict UTF-8: a byte sequence that is not UTF-8 refuses the file, naming its line. */
    private static String decode(byte[] file) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(file);
        CharBuffer out = CharBuffer.allocate(file.length + 1);
        var result = decoder.decode(in, out, true);
        if (result.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (file[i] == '\n') {
                    line++;
                }
            }
            throw DomainException.invalid("the file is not valid UTF-8 at line " + line + "; save it as UTF-8",
                    List.of(new FieldProblem(line, "file", "not valid UTF-8")));
        }
        decoder.flush(out);
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
