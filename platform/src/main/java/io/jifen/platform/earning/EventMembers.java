package io.jifen.platform.earning;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.jifen.platform.member.MemberDirectory;
import io.jifen.platform.member.MemberStatus;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.rules.EarningEvent;

/** Finds the members a call's events name, with one query, and locks their earning for the call's transaction. */
@Component
class EventMembers {

    /** An event's member, or why it cannot earn. */
    sealed interface Lookup permits Found, Unfit {
    }

    record Found(Prepared.MemberInfo member) implements Lookup {
    }

    record Unfit(DomainException problem) implements Lookup {
    }

    private final MemberDirectory directory;
    private final JdbcClient jdbc;

    EventMembers(MemberDirectory directory, JdbcClient jdbc) {
        this.directory = directory;
        this.jdbc = jdbc;
    }

    /** Each event's member by index; null where the event names none (it was refused already). */
    @Nullable Lookup[] lookUp(List<EarningEvent> events) {
        List<UUID> ids = new ArrayList<>();
        List<String> externalIds = new ArrayList<>();
        for (EarningEvent event : events) {
            if (event != null && event.memberId() != null) {
                ids.add(event.memberId());
            } else if (event != null && event.externalMemberId() != null) {
                externalIds.add(event.externalMemberId());
            }
        }
        Map<Object, MemberDirectory.MemberRef> found = new HashMap<>();
        for (MemberDirectory.MemberRef member : directory.lookUp(ids, externalIds)) {
            found.put(member.id(), member);
            found.put("x:" + member.externalId(), member);
        }
        Lookup[] members = new Lookup[events.size()];
        for (int i = 0; i < events.size(); i++) {
            EarningEvent event = events.get(i);
            if (event == null || (event.memberId() == null && event.externalMemberId() == null)) {
                continue;
            }
            MemberDirectory.MemberRef member = found.get(event.memberId() != null ? event.memberId() : "x:" + event.externalMemberId());
            if (member == null) {
                members[i] = new Unfit(event.memberId() != null ? DomainException.notFound("Member " + event.memberId())
                        : DomainException.notFound("Member with external id " + event.externalMemberId()));
            } else if (member.status() != MemberStatus.ACTIVE) {
                members[i] = new Unfit(new DomainException(ProblemKind.REFUSED, "member-not-active", "Member not active",
                        "Member " + member.id() + " is " + member.status() + " and earns nothing"));
            } else {
                members[i] = new Found(new Prepared.MemberInfo(member.id(), member.audience().name(), member.birthday()));
            }
        }
        return members;
    }

    /** Locks the members' earning in one order (by lock key), so concurrent calls wait for each other and never deadlock. */
    void lock(List<UUID> members) {
        jdbc.sql("""
                        select count(pg_advisory_xact_lock(k.key)) from (
                            select distinct hashtext('earning:' || platform.current_tenant() || ':' || m) as key
                            from unnest(?::text[]) as m order by 1) as k""")
                .param(members.stream().map(UUID::toString).toArray(String[]::new))
                .query(Long.class).single();
    }
}
