package io.jifen.platform.me;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;

import io.jifen.platform.earning.EarningEvents;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.rules.EarningEvent;
import io.jifen.platform.tenancy.TenantRegistry;

/**
 * A member's own daily check-in (签到), for the member API and the mall's pages: a CHECK_IN event through the earning
 * engine, one a day in the tenant's time zone; the rules in effect decide the points and the streak's bonus.
 */
@Service
public class MemberCheckIns {

    private final EarningEvents earning;
    private final TenantRegistry tenants;
    private final Clock clock;

    MemberCheckIns(EarningEvents earning, TenantRegistry tenants, Clock clock) {
        this.earning = earning;
        this.tenants = tenants;
        this.clock = clock;
    }

    /**
     * Checks the member in for today; a second check-in the same day answers the first as a DUPLICATE and earns
     * nothing.
     */
    public EarningEvents.Outcome checkIn(UUID member) {
        var now = clock.instant();
        String eventId = "check-in:" + member + ":" + today();
        try {
            return earning.ingest(new EarningEvent(eventId, "CHECK_IN", member, null, now, null, Map.of("channel", "mall")), "member:" + member);
        } catch (DomainException checkedInAlready) {
            // Today's event exists (made at another moment, so its request differs): today's check-in, as it was.
            if (checkedInAlready.kind() != ProblemKind.CONFLICT) {
                throw checkedInAlready;
            }
            var earlier = earning.find(eventId);
            return new EarningEvents.Outcome(null, eventId, EarningEvents.Outcome.Status.DUPLICATE, earlier.points(), earlier.transactionId(),
                    earlier.rules(), earlier.cappedBy(), earlier.reason());
        }
    }

    /** The member's streak running into today and whether today is checked in. */
    public EarningEvents.CheckInStreak streak(UUID member) {
        return earning.checkInStreak(member, today());
    }

    private LocalDate today() {
        return clock.instant().atZone(ZoneId.of(tenants.current().settings().timeZone())).toLocalDate();
    }
}
