package io.jifen.platform.member;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.validation.Validator;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.FieldProblem;

/**
 * A member import file read and checked, nothing stored: its good rows as new members and every bad row's problems by
 * line. A file that cannot be read at all (its encoding, its header, more than {@link #MAX_ROWS} rows) is refused whole.
 */
final class MemberCsv {

    /** The file's good rows and the problems of its bad ones. */
    record Parsed(int rows, List<NewMember> good, List<FieldProblem> rejected) {
    }

    static final int MAX_ROWS = 10_000;
    private static final Map<String, String> COLUMN_OF_FIELD = Map.of(
            "externalId", "external_id", "audience", "audience", "status", "status", "displayName", "display_name",
            "mobile", "mobile", "email", "email", "birthday", "birthday", "region", "region");
    private static final Set<String> COLUMNS = Set.copyOf(COLUMN_OF_FIELD.values());

    private MemberCsv() {
    }

    static Parsed parse(byte[] file, Charset charset, Validator validator) {
        String text = decode(file, charset);
        List<NewMember> good = new ArrayList<>();
        List<FieldProblem> rejected = new ArrayList<>();
        int rows = 0;
        try (var parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
                .setTrim(true).get().parse(new StringReader(text))) {
            checkHeader(parser.getHeaderNames());
            Set<String> seen = new HashSet<>();
            for (CSVRecord record : parser) {
                rows++;
                if (rows > MAX_ROWS) {
                    throw DomainException.invalidField("file", "more than " + MAX_ROWS + " rows; split the file");
                }
                int line = (int) record.getRecordNumber() + 1;
                List<FieldProblem> problems = new ArrayList<>();
                NewMember member = read(record, line, problems, validator);
                if (member != null && !seen.add(member.externalId())) {
                    problems.add(new FieldProblem(line, "external_id", "appears more than once in this file"));
                }
                if (problems.isEmpty()) {
                    good.add(member);
                } else {
                    rejected.addAll(problems);
                }
            }
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            throw DomainException.invalidField("file", "is not a readable CSV file: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw DomainException.invalidField("file", "is not a readable CSV file: " + e.getCause().getMessage());
        }
        return new Parsed(rows, good, rejected);
    }

    private static NewMember read(CSVRecord record, int line, List<FieldProblem> problems, Validator validator) {
        if (!record.isConsistent()) {
            problems.add(new FieldProblem(line, "row", "has " + record.size() + " cells, the header has " + record.getParser().getHeaderNames().size()));
            return null;
        }
        Audience audience = parseEnum(Audience.class, cell(record, "audience"), line, "audience", problems);
        MemberStatus status = parseEnum(MemberStatus.class, cell(record, "status"), line, "status", problems);
        LocalDate birthday = null;
        String birthdayCell = cell(record, "birthday");
        if (birthdayCell != null) {
            try {
                birthday = LocalDate.parse(birthdayCell);
            } catch (DateTimeParseException e) {
                problems.add(new FieldProblem(line, "birthday", "'" + birthdayCell + "' is not a date like 1990-05-17"));
            }
        }
        var member = new NewMember(cell(record, "external_id"), audience, status, cell(record, "display_name"),
                cell(record, "mobile"), cell(record, "email"), birthday, cell(record, "region"));
        for (var violation : validator.validate(member)) {
            String field = violation.getPropertyPath().toString();
            if (field.equals("audience") && problems.stream().anyMatch(p -> p.field().equals("audience"))) {
                continue;
            }
            problems.add(new FieldProblem(line, COLUMN_OF_FIELD.getOrDefault(field, field), violation.getMessage()));
        }
        return problems.isEmpty() ? member : null;
    }

    private static String cell(CSVRecord record, String column) {
        if (!record.isMapped(column)) {
            return null;
        }
        String value = record.get(column);
        return value == null || value.isEmpty() ? null : value;
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String value, int line, String column, List<FieldProblem> problems) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(line, column, "'" + value + "' is not one of " + java.util.Arrays.toString(type.getEnumConstants())));
            return null;
        }
    }

    private static void checkHeader(List<String> header) {
        List<FieldProblem> problems = new ArrayList<>();
        for (String column : header) {
            if (!COLUMNS.contains(column)) {
                problems.add(new FieldProblem(1, column, "unknown column; known columns are " + COLUMNS));
            }
        }
        for (String required : List.of("external_id", "audience")) {
            if (!header.contains(required)) {
                problems.add(new FieldProblem(1, required, "required column is missing"));
            }
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid("the header line is not valid", problems);
        }
    }

    /** Decodes strictly: a byte sequence that is not valid in {@code charset} is reported with its line. */
    private static String decode(byte[] file, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(file);
        CharBuffer out = CharBuffer.allocate((int) (file.length * (double) decoder.maxCharsPerByte()) + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (file[i] == '\n') {
                    line++;
                }
            }
            throw DomainException.invalid("the file is not valid " + charset.name() + " at line " + line
                    + "; save it as " + charset.name() + " or pass the encoding it has",
                    List.of(new FieldProblem(line, "file", "not valid " + charset.name())));
        }
        decoder.flush(out);
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

}
