package io.jifen.platform.member;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.platform.problem.DomainException;

/** The current tenant's members. */
@Service
public class MemberDirectory {

    private final Members members;
    private final JdbcClient jdbc;
    private final Clock clock;

    MemberDirectory(Members members, JdbcClient jdbc, Clock clock) {
        this.members = members;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Creates a member; an external id the tenant already uses is a 409. */
    @Transactional
    public Member create(NewMember request) {
        if (members.findByExternalId(request.externalId()).isPresent()) {
            throw duplicate(request.externalId());
        }
        var member = new Member(UUID.randomUUID(), request.externalId(), request.audience(), request.profile(), clock.instant());
        if (request.status() != null) {
            member.changeStatus(request.status(), clock.instant());
        }
        try {
            return members.saveAndFlush(member);
        } catch (DataIntegrityViolationException raced) {
            throw duplicate(request.externalId());
        }
    }

    @Transactional(readOnly = true)
    public Member get(UUID id) {
        return members.findById(id).orElseThrow(() -> DomainException.notFound("Member " + id));
    }

    @Transactional(readOnly = true)
    public Member getByExternalId(String externalId) {
        return members.findByExternalId(externalId).orElseThrow(() -> DomainException.notFound("Member with external id " + externalId));
    }

    @Transactional
    public Member update(UUID id, MemberPatch patch) {
        Member member = get(id);
        var now = clock.instant();
        member.changeProfile(patch.applyTo(member.profile()), now);
        if (patch.audience() != null) {
            member.changeAudience(patch.audience(), now);
        }
        if (patch.status() != null) {
            member.changeStatus(patch.status(), now);
        }
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
                        select id, external_id, audience, status, birthday from platform.member
                        where tenant_id = platform.current_tenant() and (id = any(?::uuid[]) or external_id = any(?::text[]))""")
                .params(ids.toArray(UUID[]::new), externalIds.toArray(String[]::new))
                .query((rs, n) -> new MemberRef(rs.getObject(1, UUID.class), rs.getString(2), Audience.valueOf(rs.getString(3)),
                        MemberStatus.valueOf(rs.getString(4)), rs.getObject(5, LocalDate.class)))
                .list();
    }

    @Transactional(readOnly = true)
    public Page<Member> search(Audience audience, MemberStatus status, Pageable page) {
        return members.search(audience, status, page);
    }

    private static DomainException duplicate(String externalId) {
        return DomainException.conflict("member-exists", "A member with external id '" + externalId + "' exists already");
    }
}
