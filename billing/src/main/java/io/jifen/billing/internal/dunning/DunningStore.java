package io.jifen.billing.internal.dunning;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.jifen.billing.DunningStep;
import io.jifen.billing.Standing;

/** Dunning's notices and the tenants' standing (the tenant's own tables), and the unpaid invoices it reads; in the caller's tenant scope. */
@Repository
class DunningStore {

    /** An unpaid finalized invoice: what is due, from which day (its finalization's in the billing zone), where to pay. */
    record Unpaid(UUID invoiceId, String number, long amountDueFen, LocalDate finalizedOn, @Nullable String hostedInvoiceUrl) {
    }

    private final JdbcClient jdbc;

    DunningStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Unpaid> unpaid(UUID tenant, ZoneId zone) {
        return jdbc.sql("""
                        select c.invoice_id, i.number, c.amount_due_fen, c.finalized_at, c.hosted_invoice_url
                        from billing.invoice_collection c join billing.invoice i on i.tenant_id = c.tenant_id and i.id = c.invoice_id
                        where c.tenant_id = ? and c.status in ('PENDING', 'OPEN') order by c.finalized_at""")
                .param(tenant)
                .query((rs, n) -> new Unpaid(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3),
                        rs.getObject(4, OffsetDateTime.class).atZoneSameInstant(zone).toLocalDate(), rs.getString(5)))
                .list();
    }

    /** Records the step for the invoice unless it was taken; true if this call recorded it. */
    boolean record(UUID tenant, UUID invoiceId, DunningStep step, int daysOverdue, Instant at) {
        return jdbc.sql("insert into billing.dunning_notice (tenant_id, invoice_id, step, days_overdue, recorded_at) values (?, ?, ?, ?, ?) "
                + "on conflict do nothing").params(tenant, invoiceId, step.name(), daysOverdue, utc(at)).update() == 1;
    }

    void mailed(UUID tenant, UUID invoiceId, DunningStep step) {
        jdbc.sql("update billing.dunning_notice set mailed = true where tenant_id = ? and invoice_id = ? and step = ?")
                .params(tenant, invoiceId, step.name()).update();
    }

    Optional<DunningStep> lastStep(UUID tenant) {
        return jdbc.sql("select step from billing.dunning_notice n where tenant_id = ? and exists (select 1 from billing.invoice_collection c "
                        + "where c.tenant_id = n.tenant_id and c.invoice_id = n.invoice_id and c.status in ('PENDING', 'OPEN')) "
                        + "order by array_position(array['REMINDER', 'WARNING', 'MALL_PAUSED', 'SUSPENDED']::varchar[], step) desc limit 1")
                .param(tenant).query(String.class).optional().map(DunningStep::valueOf);
    }

    Standing standing(UUID tenant) {
        return jdbc.sql("select mall_paused_at, suspended_at from billing.tenant_standing where tenant_id = ?").param(tenant)
                .query((rs, n) -> new Standing(instant(rs.getObject(1, OffsetDateTime.class)), instant(rs.getObject(2, OffsetDateTime.class))))
                .optional().orElse(Standing.GOOD);
    }

    Standing lockStanding(UUID tenant) {
        jdbc.sql("insert into billing.tenant_standing (tenant_id) values (?) on conflict do nothing").param(tenant).update();
        return jdbc.sql("select mall_paused_at, suspended_at from billing.tenant_standing where tenant_id = ? for update").param(tenant)
                .query((rs, n) -> new Standing(instant(rs.getObject(1, OffsetDateTime.class)), instant(rs.getObject(2, OffsetDateTime.class))))
                .single();
    }

    void save(UUID tenant, Standing standing) {
        jdbc.sql("update billing.tenant_standing set mall_paused_at = ?, suspended_at = ?, updated_at = now() where tenant_id = ?")
                .params(utc(standing.mallPausedAt()), utc(standing.suspendedAt()), tenant).update();
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }

    private static @Nullable OffsetDateTime utc(@Nullable Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}
