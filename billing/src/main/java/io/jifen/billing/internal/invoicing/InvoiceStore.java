package io.jifen.billing.internal.invoicing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    boolean exists(UUID tenant, YearMonth period) {
        return jdbc.sql("select exists (select 1 from billing.invoice where tenant_id = ? and period = ?)").params(tenant, period.atDay(1))
                .query(Boolean.class).single();
    }

    String nextNumber(YearMonth period) {
        long n = jdbc.sql("select nextval('billing.invoice_number')").query(Long.class).single();
        return "JF%04d%02d-%06d".formatted(period.getYear(), period.getMonthValue(), n);
    }

    void insert(Invoice invoice) {
        MonthStatement s = invoice.statement();
        jdbc.sql("""
                        insert into billing.invoice (tenant_id, id, number, period, status, currency, subtotal_fen, tax_fen, total_fen, active_members,
                            points_issued, points_redeemed, points_expired, liability_fen, issued_at, finalize_after)
                        values (?, ?, ?, ?, 'DRAFT', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(invoice.tenantId(), invoice.id(), invoice.number(), invoice.period().atDay(1), invoice.currency(), invoice.subtotalFen(),
                        invoice.taxFen(), invoice.totalFen(), s.activeMembers(), s.pointsIssued(), s.pointsRedeemed(), s.pointsExpired(),
                        s.liabilityFen(), utc(invoice.issuedAt()), utc(invoice.finalizeAfter()))
                .update();
        for (Invoice.Line line : invoice.lines()) {
            jdbc.sql("""
                            insert into billing.invoice_line (tenant_id, invoice_id, line_no, kind, adjustment, description, quantity, amount_fen, tax_fen)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(invoice.tenantId(), invoice.id(), line.lineNo(), line.kind(), line.adjustment(), line.description(), line.quantity(),
                            line.amountFen(), line.taxFen())
                    .update();
        }
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
