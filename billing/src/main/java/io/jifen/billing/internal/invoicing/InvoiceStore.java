package io.jifen.billing.internal.invoicing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.jifen.billing.CreditNote;
import io.jifen.billing.Invoice;
import io.jifen.billing.MonthStatement;

/** Invoices, their lines and credit notes (the tenant's own tables): every method runs in the caller's tenant scope. */
@Repository
class InvoiceStore {

    private static final String COLUMNS = "id, tenant_id, number, period, status, currency, subtotal_fen, tax_fen, total_fen, active_members, "
            + "points_issued, points_redeemed, points_expired, liability_fen, issued_at, finalize_after, finalized_at";

    private final JdbcClient jdbc;

    InvoiceStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Which tenants of a chunk have the month's invoice (in the caller's chunk scope). */
    Set<UUID> invoiced(Collection<UUID> tenants, YearMonth period) {
        return new HashSet<>(jdbc.sql("select tenant_id from billing.invoice where tenant_id = any(?::uuid[]) and period = ?")
                .params(tenants.toArray(UUID[]::new), period.atDay(1)).query(UUID.class).list());
    }

    /** {@code count} invoice numbers of the month, in one statement. */
    List<String> nextNumbers(YearMonth period, int count) {
        return jdbc.sql("select nextval('billing.invoice_number') from generate_series(1, ?)").param(count).query(Long.class).list().stream()
                .map(n -> "JF%04d%02d-%06d".formatted(period.getYear(), period.getMonthValue(), n)).toList();
    }

    /**
     * Inserts a chunk's draft invoices of one month, all issued at the same instant, and their lines: two statements
     * whatever the chunk's size (in the caller's chunk scope).
     */
    void insertDrafts(List<Invoice> invoices) {
        if (invoices.isEmpty()) {
            return;
        }
        Invoice first = invoices.getFirst();
        int n = invoices.size();
        UUID[] tenants = new UUID[n];
        UUID[] ids = new UUID[n];
        String[] numbers = new String[n];
        Long[][] amounts = new Long[8][n];
        List<Object[]> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Invoice invoice = invoices.get(i);
            MonthStatement s = invoice.statement();
            tenants[i] = invoice.tenantId();
            ids[i] = invoice.id();
            numbers[i] = invoice.number();
            long[] values = {invoice.subtotalFen(), invoice.taxFen(), invoice.totalFen(), s.activeMembers(), s.pointsIssued(), s.pointsRedeemed(),
                    s.pointsExpired(), s.liabilityFen()};
            for (int v = 0; v < values.length; v++) {
                amounts[v][i] = values[v];
            }
            for (Invoice.Line line : invoice.lines()) {
                lines.add(new Object[] {invoice.tenantId(), invoice.id(), line});
            }
        }
        jdbc.sql("""
                        insert into billing.invoice (tenant_id, id, number, period, status, currency, subtotal_fen, tax_fen, total_fen, active_members,
                            points_issued, points_redeemed, points_expired, liability_fen, issued_at, finalize_after)
                        select tenant_id, id, number, ?, 'DRAFT', ?, subtotal, tax, total, members, issued, redeemed, expired, liability, ?, ?
                        from unnest(?::uuid[], ?::uuid[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[],
                                    ?::bigint[], ?::bigint[])
                            as i (tenant_id, id, number, subtotal, tax, total, members, issued, redeemed, expired, liability)""")
                .params(first.period().atDay(1), first.currency(), utc(first.issuedAt()), utc(first.finalizeAfter()), tenants, ids, numbers,
                        amounts[0], amounts[1], amounts[2], amounts[3], amounts[4], amounts[5], amounts[6], amounts[7])
                .update();
        if (lines.isEmpty()) {
            return;
        }
        int m = lines.size();
        UUID[] lineTenants = new UUID[m];
        UUID[] lineInvoices = new UUID[m];
        Integer[] lineNos = new Integer[m];
        String[] kinds = new String[m];
        Boolean[] adjustments = new Boolean[m];
        String[] descriptions = new String[m];
        Long[] quantities = new Long[m];
        Long[] lineAmounts = new Long[m];
        Long[] lineTaxes = new Long[m];
        for (int i = 0; i < m; i++) {
            Object[] row = lines.get(i);
            Invoice.Line line = (Invoice.Line) row[2];
            lineTenants[i] = (UUID) row[0];
            lineInvoices[i] = (UUID) row[1];
            lineNos[i] = line.lineNo();
            kinds[i] = line.kind();
            adjustments[i] = line.adjustment();
            descriptions[i] = line.description();
            quantities[i] = line.quantity();
            lineAmounts[i] = line.amountFen();
            lineTaxes[i] = line.taxFen();
        }
        jdbc.sql("""
                        insert into billing.invoice_line (tenant_id, invoice_id, line_no, kind, adjustment, description, quantity, amount_fen, tax_fen)
                        select * from unnest(?::uuid[], ?::uuid[], ?::int[], ?::text[], ?::boolean[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[])""")
                .params(lineTenants, lineInvoices, lineNos, kinds, adjustments, descriptions, quantities, lineAmounts, lineTaxes)
                .update();
    }

    List<Invoice> of(UUID tenant) {
        return withLines(tenant, jdbc.sql("select " + COLUMNS + " from billing.invoice where tenant_id = ? order by period desc").param(tenant)
                .query(InvoiceStore::invoice).list());
    }

    Optional<Invoice> find(UUID tenant, UUID id) {
        return withLines(tenant, jdbc.sql("select " + COLUMNS + " from billing.invoice where tenant_id = ? and id = ?").params(tenant, id)
                .query(InvoiceStore::invoice).list()).stream().findFirst();
    }

    /** Locks the invoice's row for a change of status or a credit. */
    Optional<Invoice> lock(UUID tenant, UUID id) {
        return withLines(tenant, jdbc.sql("select " + COLUMNS + " from billing.invoice where tenant_id = ? and id = ? for update").params(tenant, id)
                .query(InvoiceStore::invoice).list()).stream().findFirst();
    }

    /**
     * Finalizes the drafts and, in the same statement, queues each for collection (billing.invoice_collection, PENDING:
     * the collection job takes it to Stripe); an invoice with nothing to pay is settled at once. Answers how many.
     */
    int finalizeDrafts(UUID tenant, Instant now, Optional<UUID> only) {
        return jdbc.sql("""
                        with finalized as (
                            update billing.invoice set status = 'FINALIZED', finalized_at = ?
                            where tenant_id = ? and status = 'DRAFT' and (cast(? as uuid) is null and finalize_after <= ? or id = cast(? as uuid))
                            returning tenant_id, id, total_fen, finalized_at)
                        insert into billing.invoice_collection (tenant_id, invoice_id, status, amount_due_fen, paid_by, paid_at, finalized_at, next_push_at)
                        select tenant_id, id, case when total_fen > 0 then 'PENDING' else 'PAID' end, greatest(total_fen, 0),
                               case when total_fen > 0 then null else 'NOTHING_DUE' end, case when total_fen > 0 then null else finalized_at end,
                               finalized_at, finalized_at
                        from finalized""")
                .params(utc(now), tenant, only.orElse(null), utc(now), only.orElse(null)).update();
    }

    void insert(CreditNote note) {
        jdbc.sql("insert into billing.credit_note (tenant_id, id, number, invoice_id, amount_fen, tax_fen, reason, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(note.tenantId(), note.id(), note.number(), note.invoiceId(), note.amountFen(), note.taxFen(), note.reason(), utc(note.createdAt()))
                .update();
    }

    List<CreditNote> creditNotes(UUID tenant, UUID invoiceId) {
        return jdbc.sql("select id, tenant_id, number, invoice_id, amount_fen, tax_fen, reason, created_at from billing.credit_note "
                        + "where tenant_id = ? and invoice_id = ? order by created_at, number")
                .params(tenant, invoiceId)
                .query((rs, n) -> new CreditNote(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getObject(4, UUID.class),
                        rs.getLong(5), rs.getLong(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class).toInstant()))
                .list();
    }

    private List<Invoice> withLines(UUID tenant, List<Invoice> invoices) {
        if (invoices.isEmpty()) {
            return invoices;
        }
        Map<UUID, List<Invoice.Line>> lines = new LinkedHashMap<>();
        jdbc.sql("select invoice_id, line_no, kind, adjustment, description, quantity, amount_fen, tax_fen from billing.invoice_line "
                        + "where tenant_id = ? and invoice_id = any(?::uuid[]) order by invoice_id, line_no")
                .params(tenant, invoices.stream().map(Invoice::id).toArray(UUID[]::new))
                .query(rs -> {
                    lines.computeIfAbsent(rs.getObject(1, UUID.class), id -> new ArrayList<>()).add(new Invoice.Line(rs.getInt(2), rs.getString(3),
                            rs.getBoolean(4), rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)));
                });
        return invoices.stream().map(i -> new Invoice(i.id(), i.tenantId(), i.number(), i.period(), i.status(), i.currency(), i.subtotalFen(),
                i.taxFen(), i.totalFen(), i.statement(), i.issuedAt(), i.finalizeAfter(), i.finalizedAt(), lines.getOrDefault(i.id(), List.of())))
                .toList();
    }

    private static Invoice invoice(ResultSet rs, int row) throws SQLException {
        UUID tenant = rs.getObject("tenant_id", UUID.class);
        OffsetDateTime finalized = rs.getObject("finalized_at", OffsetDateTime.class);
        return new Invoice(rs.getObject("id", UUID.class), tenant, rs.getString("number"), YearMonth.from(rs.getObject("period", LocalDate.class)),
                Invoice.Status.valueOf(rs.getString("status")), rs.getString("currency"), rs.getLong("subtotal_fen"), rs.getLong("tax_fen"),
                rs.getLong("total_fen"),
                new MonthStatement(tenant, rs.getLong("active_members"), rs.getLong("points_issued"), rs.getLong("points_redeemed"),
                        rs.getLong("points_expired"), rs.getLong("liability_fen")),
                rs.getObject("issued_at", OffsetDateTime.class).toInstant(), rs.getObject("finalize_after", OffsetDateTime.class).toInstant(),
                finalized == null ? null : finalized.toInstant(), List.of());
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
