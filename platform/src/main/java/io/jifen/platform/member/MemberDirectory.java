package io.jifen.platform.member;

import java.time.Clock;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.jifen.platform.audit.AuditTrail;
import io.jifen.platform.audit.AuditedChange;
import io.jifen.platform.jdbc.SqlPipeline;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.tenancy.TenantContext;

/**
 * The current tenant's members. Their personal data is stored encrypted ({@link MemberSealing}): every member handed
 * out has its profile opened; lookups by mobile or e-mail go through the blind indexes.
 */
@Service
public class MemberDirectory {

    /** The key of {@link #statusesOfTransaction} among the transaction's resources. */
    private static final Object STATUSES = new Object();
    private static final String STATUS = "select status from platform.member where tenant_id = platform.current_tenant() and id = ?";

    private final Members members;
    private final MemberSealing sealing;
    private final JdbcClient jdbc;
    private final Clock clock;

    private final AuditTrail audit;

    MemberDirectory(Members members, MemberSealing sealing, JdbcClient jdbc, Clock clock, AuditTrail audit) {
        this.audit = audit;
        this.members = members;
        this.sealing = sealing;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Creates a member; an external id the tenant already uses is a 409. */
    @Transactional
    public Member create(NewMember request) {
        if (members.findByExternalId(request.externalId()).isPresent()) {
            throw duplicate(request.externalId());
        }
        UUID id = UUID.randomUUID();
        var member = new Member(id, request.externalId(), request.audience(), request.profile(),
                sealing.seal(TenantContext.require(), id, request.profile()), clock.instant());
        if (request.status() != null) {
            member.changeStatus(request.status(), clock.instant());
        }
        try {
            // saveAndFlush merges (the id is assigned), answering another instance: let that one open the profile too.
            Member created = members.saveAndFlush(member).open(sealing);
            audit.record(AuditedChange.of("member", id, null, MemberController.MemberView.of(created)).sealing(MemberSealing.SEALED_VIEW_FIELDS));
            return created;
        } catch (DataIntegrityViolationException raced) {
            throw duplicate(request.externalId());
        }
    }

    @Transactional(readOnly = true)
    public Member get(UUID id) {
        return members.findById(id).map(m -> m.open(sealing)).orElseThrow(() -> DomainException.notFound("Member " + id));
    }

    /**
     * The member's status by one indexed read that opens nothing sealed, for checks that need no more (a posting's
     * "is the member active", a query's "does the member exist"); an unknown member is a 404.
     */
    @Transactional(readOnly = true)
    public MemberStatus status(UUID id) {
        Map<UUID, MemberStatus> known = statusesOfTransaction();
        MemberStatus status = known.get(id);
        if (status == null) {
            status = jdbc.sql(STATUS)
                    .param(id)
                    .query((rs, n) -> MemberStatus.valueOf(rs.getString(1)))
                    .optional()
                    .orElseThrow(() -> DomainException.notFound("Member " + id));
            known.put(id, status);
        }
        return status;
    }

    /**
     * Adds the member's status to {@code pipeline}, a read of the current transaction: once the pipeline has run,
     * {@link #status} answers it without a round trip of its own (an unknown member is still a 404 there).
     */
    public SqlPipeline readStatus(SqlPipeline pipeline, UUID id) {
        Map<UUID, MemberStatus> known = statusesOfTransaction();
        if (!known.containsKey(id)) {
            pipeline.add(STATUS, List.of(id),
                    rs -> known.put(id, MemberStatus.valueOf(rs.getString(1))));
        }
        return pipeline;
    }

    /**
     * The statuses read in the current transaction (a checkout asks three modules' worth of "is the member active"):
     * one read each per transaction (whose tenant is fixed at its start). A status changes only through this class, which
     * remembers the new one ({@link #update}).
     */
    @SuppressWarnings("unchecked")
    private static Map<UUID, MemberStatus> statusesOfTransaction() {
        var known = (Map<UUID, MemberStatus>) TransactionSynchronizationManager.getResource(STATUSES);
        if (known == null) {
            known = new HashMap<>();
            TransactionSynchronizationManager.bindResource(STATUSES, known);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(STATUSES);
                }
            });
        }
        return known;
    }

    @Transactional(readOnly = true)
    public Member getByExternalId(String externalId) {
        return members.findByExternalId(externalId).map(m -> m.open(sealing))
                .orElseThrow(() -> DomainException.notFound("Member with external id " + externalId));
    }

    @Transactional
    public Member update(UUID id, MemberPatch patch) {
        Member member = get(id);
        var before = MemberController.MemberView.of(member);
        var now = clock.instant();
        MemberProfile profile = patch.applyTo(member.profile());
        member.changeProfile(profile, sealing.seal(TenantContext.require(), id, profile), now);
        if (patch.audience() != null) {
            member.changeAudience(patch.audience(), now);
        }
        if (patch.status() != null) {
            member.changeStatus(patch.status(), now);
            // Written at the flush: until then the table has the old one.
            statusesOfTransaction().put(id, patch.status());
        }
        audit.record(AuditedChange.of("member", id, before, MemberController.MemberView.of(member)).sealing(MemberSealing.SEALED_VIEW_FIELDS));
        return member;
    }

    /** What other modules need of a member, read in bulk by {@link #lookUp}. */
    public record MemberRef(UUID id, String externalId, Audience audience, MemberStatus status, @Nullable LocalDate birthday) {
    }

    /**
     * The members of the current tenant named by id or by external id, with one query (for batches: a call's events,
     * a grant's lines); a name without a member is absent from the answer.
     */
    @Transactional(readOnly = true)
    public List<MemberRef> lookUp(Collection<UUID> ids, Collection<String> externalIds) {
        return jdbc.sql("""
                        select id, external_id, audience, status, birthday_encrypted, tenant_id from platform.member
                        where tenant_id = platform.current_tenant() and (id = any(?::uuid[]) or external_id = any(?::text[]))""")
                .params(ids.toArray(UUID[]::new), externalIds.toArray(String[]::new))
                .query((rs, n) -> {
                    UUID id = rs.getObject(1, UUID.class);
                    return new MemberRef(id, rs.getString(2), Audience.valueOf(rs.getString(3)), MemberStatus.valueOf(rs.getString(4)),
                            sealing.birthday(rs.getObject(6, UUID.class), id, rs.getBytes(5)));
                })
                .list();
    }

    /** The display names (opened) of the current tenant's members among {@code ids} that have one. */
    @Transactional(readOnly = true)
    public Map<UUID, String> displayNames(Collection<UUID> ids) {
        Map<UUID, String> names = new HashMap<>();
        jdbc.sql("""
                        select id, tenant_id, display_name_encrypted from platform.member
                        where tenant_id = platform.current_tenant() and id = any(?::uuid[]) and display_name_encrypted is not null""")
                .param(ids.toArray(UUID[]::new))
                .query((RowCallbackHandler) rs -> {
                    UUID id = rs.getObject(1, UUID.class);
                    names.put(id, sealing.displayName(rs.getObject(2, UUID.class), id, rs.getBytes(3)));
                });
        return names;
    }

    /**
     * The current tenant's active members born on one of {@code days} (any year), found by the birthday's blind index:
     * the birthday itself is stored encrypted.
     */
    @Transactional(readOnly = true)
    public List<UUID> activeMembersBornOn(Collection<MonthDay> days) {
        UUID tenant = TenantContext.require();
        return jdbc.sql("""
                        select id from platform.member where tenant_id = platform.current_tenant() and status = 'ACTIVE'
                          and birthday_index = any(?::bytea[])""")
                .param(days.stream().map(day -> sealing.birthdayIndex(tenant, day)).toArray(byte[][]::new))
                .query(UUID.class)
                .list();
    }

    /**
     * The current tenant's members, filtered by any of audience, status, mobile and e-mail. Mobile and e-mail match
     * whole values (normalized: {@link MemberSealing}) through their blind indexes; there is no search by part of a
     * name or number, because the stored values are encrypted.
     */
    @Transactional(readOnly = true)
    public Page<Member> search(@Nullable Audience audience, @Nullable MemberStatus status, @Nullable String mobile,
                               @Nullable String email, Pageable page) {
        UUID tenant = TenantContext.require();
        Specification<Member> filter = Specification.unrestricted();
        if (audience != null) {
            filter = filter.and((m, q, cb) -> cb.equal(m.get("audience"), audience));
        }
        if (status != null) {
            filter = filter.and((m, q, cb) -> cb.equal(m.get("status"), status));
        }
        if (mobile != null) {
            byte[] index = sealing.mobileIndex(tenant, mobile);
            filter = filter.and((m, q, cb) -> cb.equal(m.get("mobileIndex"), index));
        }
        if (email != null) {
            byte[] index = sealing.emailIndex(tenant, email);
            filter = filter.and((m, q, cb) -> cb.equal(m.get("emailIndex"), index));
        }
        return members.findAll(filter, page).map(m -> m.open(sealing));
    }

    private static DomainException duplicate(String externalId) {
        return DomainException.conflict("member-exists", "A member with external id '" + externalId + "' exists already");
    }
}
