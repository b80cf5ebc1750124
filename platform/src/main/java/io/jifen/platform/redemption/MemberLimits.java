package io.jifen.platform.redemption;

import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;

/**
 * What a member has redeemed of an item, in all and on their last day of redeeming it, kept as one row per member and
 * item and changed by one conditional upsert: PostgreSQL locks the row and re-checks the limit on its newest version, so
 * 20 concurrent orders for a one-per-member item make exactly one pass, whatever their interleaving.
 */
@Component
class MemberLimits {

    private final JdbcClient jdbc;

    MemberLimits(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Counts {@code quantity} more of the item for the member on {@code day}, or refuses (changing nothing) past a limit. */
    void take(UUID memberId, String item, int quantity, @Nullable Integer total, @Nullable Integer perDay, LocalDate day) {
        if (total == null && perDay == null) {
            return;
        }
        if ((total != null && quantity > total) || (perDay != null && quantity > perDay)) {
            throw limitReached(total, perDay);
        }
        int counted = jdbc.sql("""
                        insert into platform.redemption_member_item as counted (tenant_id, member_id, item_ref, total, day, day_count)
                        values (platform.current_tenant(), ?, ?, ?, ?, ?)
                        on conflict (tenant_id, member_id, item_ref) do update
                            set total = counted.total + excluded.total, day = excluded.day,
                                day_count = case when counted.day = excluded.day then counted.day_count else 0 end + excluded.day_count
                            where (cast(? as bigint) is null or counted.total + excluded.total <= ?)
                              and (cast(? as bigint) is null
                                   or case when counted.day = excluded.day then counted.day_count else 0 end + excluded.day_count <= ?)""")
                .params(memberId, item, quantity, day, quantity, total, total, perDay, perDay)
                .update();
        if (counted == 0) {
            throw limitReached(total, perDay);
        }
    }

    /** Gives back what a cancelled or failed order counted ({@code day}: the day it was placed). */
    void giveBack(UUID memberId, String item, int quantity, LocalDate day) {
        jdbc.sql("""
                        update platform.redemption_member_item
                        set total = greatest(total - ?, 0), day_count = case when day = ? then greatest(day_count - ?, 0) else day_count end
                        where tenant_id = platform.current_tenant() and member_id = ? and item_ref = ?""")
                .params(quantity, day, quantity, memberId, item)
                .update();
    }

    private static DomainException limitReached(@Nullable Integer total, @Nullable Integer perDay) {
        return new DomainException(ProblemKind.REFUSED, "member-limit-reached", "Member limit reached",
                "A member may redeem " + (total == null ? "" : "at most " + total + " of this item") + (total != null && perDay != null ? " and " : "")
                        + (perDay == null ? "" : "at most " + perDay + " a day"));
    }
}
