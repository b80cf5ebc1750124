package io.jifen.platform.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.tenancy.TenantRegistry;

/** Finds who has points expiring within each point type's reminder window, records it once and publishes it. */
@Service
class ExpiryReminders {

    private final JdbcClient jdbc;
    private final TenantRegistry tenants;
    private final ApplicationEventPublisher events;

    ExpiryReminders(JdbcClient jdbc, TenantRegistry tenants, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.events = events;
    }

    /**
     * For the current tenant: records and publishes the reminders due at {@code asOf}; returns how many are new. Runs in
     * its own transaction, the tenant's, even when called from a batch step's.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public int remind(Instant asOf) {
        UUID tenant = TenantContext.require();
        String zone = tenants.current().settings().timeZone();
        List<PointsExpiringSoon> due = jdbc.sql("""
                        insert into platform.ledger_expiry_reminder (tenant_id, id, member_id, point_type_id, points, expires_on, created_at)
                        select platform.current_tenant(), gen_random_uuid(), member_id, point_type_id, sum(remaining), expires_on, now()
                        from (select a.member_id, a.point_type_id, l.remaining, (l.expires_at at time zone :zone)::date as expires_on
                              from platform.ledger_lot l
                              join platform.ledger_account a on a.tenant_id = l.tenant_id and a.id = l.account_id
                              join platform.point_type p on p.tenant_id = a.tenant_id and p.id = a.point_type_id
                              where l.tenant_id = platform.current_tenant() and l.remaining > 0 and p.expiry_reminder_days > 0
                                and l.expires_at > :asOf and l.expires_at <= :asOf + make_interval(days => p.expiry_reminder_days)) due
                        group by member_id, point_type_id, expires_on
                        on conflict (tenant_id, member_id, point_type_id, expires_on) do nothing
                        returning member_id, (select code from platform.point_type t where t.tenant_id = platform.current_tenant()
                                              and t.id = point_type_id), points, expires_on""")
                .param("zone", zone)
                .param("asOf", asOf.atOffset(ZoneOffset.UTC))
                .query((rs, n) -> new PointsExpiringSoon(tenant, rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3),
                        rs.getObject(4, LocalDate.class)))
                .list();
        due.forEach(events::publishEvent);
        return due.size();
    }
}
