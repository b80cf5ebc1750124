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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.FieldProblem;

/**
 * Bulk import of members from CSV. Rows are validated like single creations; existing external ids are updated
 * (an empty cell keeps the stored value), so uploading the same file twice changes nothing the second time.
 */
@Service
public class MemberImport {

    /** What to do with a file that has bad rows. */
    public enum OnError {
        /** Import the good rows and report the bad ones. */
        SKIP,
        /** Import nothing and report the bad rows. */
        REJECT
    }

    public record Report(int rows, int created, int updated, int unchanged, List<FieldProblem> rejected) {
    }

    public static final int MAX_ROWS = 10_000;
    private static final Map<String, String> COLUMN_OF_FIELD = Map.of(
            "externalId", "external_id", "audience", "audience", "status", "status", "displayName", "display_name",
            "mobile", "mobile", "email", "email", "birthday", "birthday", "region", "region");
    private static final Set<String> COLUMNS = Set.copyOf(COLUMN_OF_FIELD.values());

    private final JdbcTemplate jdbc;
    private final Validator validator;

    MemberImport(JdbcTemplate jdbc, Validator validator) {
        this.jdbc = jdbc;
        this.validator = validator;
    }

    @Transactional
    public Report importCsv(byte[] file, Charset charset, OnError onError) {
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
                NewMember member = read(record, line, problems);
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
        if (!rejected.isEmpty() && onError == OnError.REJECT) {
            throw DomainException.invalid(rejected.size() + " problem(s) in the file; nothing was imported", rejected);
        }
        int[] counts = upsert(good);
        return new Report(rows, counts[0], counts[1], good.size() - counts[0] - counts[1], rejected);
    }

    private NewMember read(CSVRecord record, int line, List<FieldProblem> problems) {
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

    /** Inserts new external ids and updates changed ones in two statements; returns {created, updated}. */
    private int[] upsert(List<NewMember> rows) {
        if (rows.isEmpty()) {
            return new int[] {0, 0};
        }
        int n = rows.size();
        String[][] columns = new String[8][n];
        for (int i = 0; i < n; i++) {
            NewMember m = rows.get(i);
            columns[0][i] = m.externalId();
            columns[1][i] = m.audience().name();
            columns[2][i] = m.status() == null ? null : m.status().name();
            columns[3][i] = m.displayName();
            columns[4][i] = m.mobile();
            columns[5][i] = m.email();
            columns[6][i] = m.birthday() == null ? null : m.birthday().toString();
            columns[7][i] = m.region();
        }
        return jdbc.query(connection -> {
            var statement = connection.prepareStatement(UPSERT);
            for (int c = 0; c < columns.length; c++) {
                statement.setArray(c + 1, connection.createArrayOf("text", columns[c]));
            }
            return statement;
        }, rs -> {
            rs.next();
            return new int[] {rs.getInt("created"), rs.getInt("updated")};
        });
    }

    private static final String UPSERT = """
            with rows as (
                select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                    as r(external_id, audience, status, display_name, mobile, email, birthday, region)
            ),
            updated as (
                update platform.member m set
                    audience = r.audience,
                    status = coalesce(r.status, m.status),
                    display_name = coalesce(r.display_name, m.display_name),
                    mobile = coalesce(r.mobile, m.mobile),
                    email = coalesce(r.email, m.email),
                    birthday = coalesce(r.birthday::date, m.birthday),
                    region = coalesce(r.region, m.region),
                    updated_at = now(),
                    version = m.version + 1
                from rows r
                where m.tenant_id = platform.current_tenant() and m.external_id = r.external_id
                  and (m.audience, m.status, m.display_name, m.mobile, m.email, m.birthday, m.region) is distinct from
                      (r.audience, coalesce(r.status, m.status), coalesce(r.display_name, m.display_name), coalesce(r.mobile, m.mobile),
                       coalesce(r.email, m.email), coalesce(r.birthday::date, m.birthday), coalesce(r.region, m.region))
                returning 1
            ),
            created as (
                insert into platform.member (tenant_id, id, external_id, audience, status, display_name, mobile, email, birthday, region,
                                             created_at, updated_at, version)
                select platform.current_tenant(), gen_random_uuid(), r.external_id, r.audience, coalesce(r.status, 'ACTIVE'),
                       r.display_name, r.mobile, r.email, r.birthday::date, r.region, now(), now(), 0
                from rows r
                where not exists (select 1 from platform.member m where m.tenant_id = platform.current_tenant() and m.external_id = r.external_id)
                on conflict (tenant_id, external_id) do nothing
                returning 1
            )
            select (select count(*) from created) as created, (select count(*) from updated) as updated
            """;
}
