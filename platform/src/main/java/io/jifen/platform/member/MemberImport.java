package io.jifen.platform.member;

import java.nio.charset.Charset;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Validator;

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

    public static final int MAX_ROWS = MemberCsv.MAX_ROWS;

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
        MemberCsv.Parsed parsed = MemberCsv.parse(file, charset, validator);
        List<NewMember> good = parsed.good();
        List<FieldProblem> rejected = parsed.rejected();
        int rows = parsed.rows();
        if (!rejected.isEmpty() && onError == OnError.REJECT) {
            throw DomainException.invalid(rejected.size() + " problem(s) in the file; nothing was imported", rejected);
        }
        int[] counts = upsert(good);
        return new Report(rows, counts[0], counts[1], good.size() - counts[0] - counts[1], rejected);
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
