package io.jifen.platform.mall;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.FieldProblem;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.tenancy.TenantRegistry;

/**
 * Uploads of a VOUCHER_CODE item's codes (a file, {@link VoucherCodeCsv}) and what became of them. An upload is all
 * or nothing: a bad line or a code this tenant has had before refuses the whole file, naming the lines (never the
 * codes). An accepted one seals its codes, inserts them in one statement and adds their number to the item's stock as
 * one stock change; its idempotency key answers the same result again, and is a 409 with another file.
 */
@Service
public class CodeUploads {

    /** An accepted upload: how many codes it added and the item's stock after it. */
    public record Upload(UUID id, UUID itemId, int codes, long stock, Instant at) {
    }

    /** An item's codes by state; never the codes. {@code expired}: free codes past their last valid day. */
    public record Summary(UUID itemId, long total, long assigned, long available, long expired) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final MallItems items;
    private final ItemStock stock;
    private final CodeSealing sealing;
    private final TenantRegistry tenants;
    private final Clock clock;

    CodeUploads(JdbcClient jdbc, JdbcTemplate template, MallItems items, ItemStock stock, CodeSealing sealing, TenantRegistry tenants,
                Clock clock) {
        this.jdbc = jdbc;
        this.template = template;
        this.items = items;
        this.stock = stock;
        this.sealing = sealing;
        this.tenants = tenants;
        this.clock = clock;
    }

    @Transactional
    public Upload upload(UUID itemId, @Nullable String key, byte[] file, @Nullable String actor) {
        if (key == null || key.isBlank() || key.length() > 100) {
            throw DomainException.invalidField("Idempotency-Key", "a key of 1 to 100 characters is required on every upload");
        }
        Item item = items.find(itemId, false).orElseThrow(() -> MallItems.notFound(itemId));
        if (item.kind() != Item.Kind.VOUCHER_CODE) {
            throw new DomainException(ProblemKind.REFUSED, "not-a-voucher-code-item", "Not a voucher code item",
                    "Item " + itemId + " is " + item.kind() + "; only VOUCHER_CODE items take codes");
        }
        UUID tenant = TenantContext.require();
        String hash = sealing.uploadFingerprint(tenant, itemId, file);
        Optional<Upload> earlier = replay(key, hash);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        List<VoucherCodeCsv.Line> lines = VoucherCodeCsv.parse(file, today());
        UUID id = UUID.randomUUID();
        OffsetDateTime now = clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
        // The key first: a concurrent upload under the same key waits here for the first to end, then finds it.
        int claimed = jdbc.sql("""
                        insert into platform.mall_code_upload (tenant_id, id, item_id, idempotency_key, request_hash, codes, stock_after, actor, at)
                        values (platform.current_tenant(), ?, ?, ?, ?, ?, 0, ?, ?)
                        on conflict (tenant_id, idempotency_key) do nothing""")
                .params(id, itemId, key, hash, lines.size(), actor, now)
                .update();
        if (claimed == 0) {
            return replay(key, hash).orElseThrow();
        }
        Set<Integer> inserted = insert(tenant, itemId, id, now, lines);
        if (inserted.size() < lines.size()) {
            // Rolled back whole: the upload, its key and every code of the file.
            List<FieldProblem> problems = new ArrayList<>();
            for (var line : lines) {
                if (!inserted.contains(line.line()) && problems.size() < VoucherCodeCsv.MAX_PROBLEMS) {
                    problems.add(new FieldProblem(line.line(), "code", "this code was uploaded to this tenant before"));
                }
            }
            int already = lines.size() - inserted.size();
            throw new DomainException(ProblemKind.CONFLICT, "codes-already-uploaded", "Codes already uploaded",
                    already + " code(s) of the file were uploaded before; no code was stored", problems);
        }
        long after = stock.addCodes(itemId, id, lines.size(), actor);
        jdbc.sql("update platform.mall_code_upload set stock_after = ? where tenant_id = platform.current_tenant() and id = ?")
                .params(after, id).update();
        return new Upload(id, itemId, lines.size(), after, now.toInstant());
    }

    @Transactional(readOnly = true)
    public Summary summary(UUID itemId) {
        items.find(itemId, false).orElseThrow(() -> MallItems.notFound(itemId));
        LocalDate today = today();
        return jdbc.sql("""
                        select count(*),
                               count(*) filter (where order_ref is not null),
                               count(*) filter (where order_ref is null and (valid_until is null or valid_until >= ?)),
                               count(*) filter (where order_ref is null and valid_until < ?)
                        from platform.mall_voucher_code where tenant_id = platform.current_tenant() and item_id = ?""")
                .params(today, today, itemId)
                .query((rs, n) -> new Summary(itemId, rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .single();
    }

    /** The tenant's today: a code valid until a day is good through that day, in the tenant's time zone. */
    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), tenants.zone());
    }

    /**
     * Seals the codes and inserts them in one statement; a code whose blind index the tenant has already is skipped
     * ({@code on conflict do nothing}, which also waits for a concurrent upload of the same code). Answers the lines inserted.
     */
    private Set<Integer> insert(UUID tenant, UUID itemId, UUID uploadId, OffsetDateTime at, List<VoucherCodeCsv.Line> lines) {
        int n = lines.size();
        UUID[] ids = new UUID[n];
        Integer[] numbers = new Integer[n];
        byte[][] sealed = new byte[n][];
        byte[][] indexes = new byte[n][];
        String[] validUntil = new String[n];
        for (int i = 0; i < n; i++) {
            var line = lines.get(i);
            ids[i] = UUID.randomUUID();
            numbers[i] = line.line();
            sealed[i] = sealing.sealVoucher(tenant, ids[i], line.code());
            indexes[i] = sealing.voucherIndex(tenant, line.code());
            validUntil[i] = line.validUntil() == null ? null : line.validUntil().toString();
        }
        return template.execute((ConnectionCallback<Set<Integer>>) (Connection connection) -> {
            try (var statement = connection.prepareStatement("""
                    insert into platform.mall_voucher_code (tenant_id, id, item_id, upload_id, line, uploaded_at, code_encrypted, code_index, valid_until)
                    select platform.current_tenant(), r.id, ?, ?, r.line, ?, r.code_encrypted, r.code_index, r.valid_until::date
                    from unnest(?::uuid[], ?::integer[], ?::bytea[], ?::bytea[], ?::text[]) as r(id, line, code_encrypted, code_index, valid_until)
                    on conflict (tenant_id, code_index) do nothing
                    returning line""")) {
                statement.setObject(1, itemId);
                statement.setObject(2, uploadId);
                statement.setObject(3, at);
                statement.setArray(4, connection.createArrayOf("uuid", ids));
                statement.setArray(5, connection.createArrayOf("int4", numbers));
                statement.setObject(6, sealed);
                statement.setObject(7, indexes);
                statement.setArray(8, connection.createArrayOf("text", validUntil));
                Set<Integer> inserted = new HashSet<>();
                try (var rs = statement.executeQuery()) {
                    while (rs.next()) {
                        inserted.add(rs.getInt(1));
                    }
                }
                return inserted;
            }
        });
    }

    private Optional<Upload> replay(String key, String hash) {
        return jdbc.sql("""
                        select id, item_id, codes, stock_after, at, request_hash from platform.mall_code_upload
                        where tenant_id = platform.current_tenant() and idempotency_key = ?""")
                .param(key)
                .query((rs, n) -> {
                    if (!rs.getString(6).equals(hash)) {
                        throw DomainException.conflict("idempotency-key-reused", "The idempotency key '" + key + "' was used for a different upload");
                    }
                    return new Upload(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getInt(3), rs.getLong(4),
                            rs.getObject(5, OffsetDateTime.class).toInstant());
                })
                .optional();
    }
}
