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
import java.sql.Connection;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.Validator;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.FieldProblem;
import io.jifen.platform.tenancy.TenantContext;

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
    private final MemberSealing sealing;

    MemberImport(JdbcTemplate jdbc, Validator validator, MemberSealing sealing) {
        this.jdbc = jdbc;
        this.validator = validator;
        this.sealing = sealing;
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

    /** An imported row's member as stored before the import. */
    private record Stored(UUID id, Audience audience, MemberStatus status, MemberProfile profile) {
    }

    /** A row to write: a new member or a changed one. */
    private record Write(UUID id, String externalId, Audience audience, MemberStatus status, MemberSealing.Sealed sealed,
                         @Nullable String region) {
    }

    /**
     * Inserts new external ids and updates changed ones; returns {created, updated}. The personal data is encrypted,
     * so what changed is decided here: the file's members that exist are read (and locked) in one query, opened and
     * merged with the row (an empty cell keeps the stored value); only new and changed ones are sealed and written, in
     * two statements.
     */
    private int[] upsert(List<NewMember> rows) {
        if (rows.isEmpty()) {
            return new int[] {0, 0};
        }
        UUID tenant = TenantContext.require();
        Map<String, Stored> stored = new HashMap<>();
        jdbc.query(connection -> {
            var statement = connection.prepareStatement("""
                    select id, external_id, audience, status, display_name_encrypted, mobile_encrypted, email_encrypted,
                           birthday_encrypted, region
                    from platform.member where tenant_id = platform.current_tenant() and external_id = any(?) for update""");
            statement.setArray(1, connection.createArrayOf("text", rows.stream().map(NewMember::externalId).toArray()));
            return statement;
        }, (RowCallbackHandler) rs -> {
            UUID id = rs.getObject("id", UUID.class);
            stored.put(rs.getString("external_id"), new Stored(id, Audience.valueOf(rs.getString("audience")),
                    MemberStatus.valueOf(rs.getString("status")),
                    sealing.open(tenant, id, rs.getBytes("display_name_encrypted"), rs.getBytes("mobile_encrypted"),
                            rs.getBytes("email_encrypted"), rs.getBytes("birthday_encrypted"), rs.getString("region"))));
        });
        List<Write> inserts = new ArrayList<>();
        List<Write> updates = new ArrayList<>();
        for (NewMember row : rows) {
            Stored before = stored.get(row.externalId());
            if (before == null) {
                UUID id = UUID.randomUUID();
                MemberProfile profile = row.profile();
                inserts.add(new Write(id, row.externalId(), row.audience(), row.status() == null ? MemberStatus.ACTIVE : row.status(),
                        sealing.seal(tenant, id, profile), profile.region()));
                continue;
            }
            MemberProfile profile = merge(row.profile(), before.profile());
            MemberStatus status = row.status() == null ? before.status() : row.status();
            if (row.audience() != before.audience() || status != before.status() || !profile.equals(before.profile())) {
                updates.add(new Write(before.id(), row.externalId(), row.audience(), status, sealing.seal(tenant, before.id(), profile),
                        profile.region()));
            }
        }
        int updated = updates.isEmpty() ? 0 : write(UPDATE, updates);
        int created = inserts.isEmpty() ? 0 : write(INSERT, inserts);
        return new int[] {created, updated};
    }

    private static MemberProfile merge(MemberProfile row, MemberProfile stored) {
        return new MemberProfile(
                row.displayName() != null ? row.displayName() : stored.displayName(),
                row.mobile() != null ? row.mobile() : stored.mobile(),
                row.email() != null ? row.email() : stored.email(),
                row.birthday() != null ? row.birthday() : stored.birthday(),
                row.region() != null ? row.region() : stored.region());
    }

    /** Runs {@code sql} over the rows as arrays (one statement); answers how many rows it wrote. */
    private int write(String sql, List<Write> rows) {
        int n = rows.size();
        Object[] ids = new Object[n];
        Object[][] text = new Object[4][n];
        byte[][][] bytes = new byte[7][n][];
        for (int i = 0; i < n; i++) {
            Write row = rows.get(i);
            ids[i] = row.id();
            text[0][i] = row.externalId();
            text[1][i] = row.audience().name();
            text[2][i] = row.status().name();
            text[3][i] = row.region();
            var sealed = row.sealed();
            bytes[0][i] = sealed.displayName();
            bytes[1][i] = sealed.mobile();
            bytes[2][i] = sealed.mobileIndex();
            bytes[3][i] = sealed.email();
            bytes[4][i] = sealed.emailIndex();
            bytes[5][i] = sealed.birthday();
            bytes[6][i] = sealed.birthdayIndex();
        }
        return jdbc.execute((ConnectionCallback<Integer>) (Connection connection) -> {
            try (var statement = connection.prepareStatement(sql)) {
                int p = 1;
                statement.setArray(p++, connection.createArrayOf("uuid", ids));
                for (Object[] column : text) {
                    statement.setArray(p++, connection.createArrayOf("text", column));
                }
                for (byte[][] column : bytes) {
                    statement.setObject(p++, column);
                }
                return statement.executeUpdate();
            }
        });
    }

    private static final String ROWS = """
            with r as (
                select * from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bytea[], ?::bytea[], ?::bytea[],
                                     ?::bytea[], ?::bytea[], ?::bytea[], ?::bytea[])
                    as r(id, external_id, audience, status, region, display_name_encrypted, mobile_encrypted, mobile_index,
                         email_encrypted, email_index, birthday_encrypted, birthday_index)
            )
            """;

    private static final String UPDATE = ROWS + """
            update platform.member m set
                audience = r.audience,
                status = r.status,
                region = r.region,
                display_name_encrypted = r.display_name_encrypted,
                mobile_encrypted = r.mobile_encrypted,
                mobile_index = r.mobile_index,
                email_encrypted = r.email_encrypted,
                email_index = r.email_index,
                birthday_encrypted = r.birthday_encrypted,
                birthday_index = r.birthday_index,
                updated_at = now(),
                version = m.version + 1
            from r
            where m.tenant_id = platform.current_tenant() and m.id = r.id
            """;

    private static final String INSERT = ROWS + """
            insert into platform.member (tenant_id, id, external_id, audience, status, region, display_name_encrypted,
                                         mobile_encrypted, mobile_index, email_encrypted, email_index, birthday_encrypted,
                                         birthday_index, created_at, updated_at, version)
            select platform.current_tenant(), r.id, r.external_id, r.audience, r.status, r.region, r.display_name_encrypted,
                   r.mobile_encrypted, r.mobile_index, r.email_encrypted, r.email_index, r.birthday_encrypted, r.birthday_index,
                   now(), now(), 0
            from r
            on conflict (tenant_id, external_id) do nothing
            """;
}
