package io.jifen.platform.mall;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.platform.problem.DomainException;

/**
 * Items only members who unlocked a code may redeem (邀请3位好友解锁): a task or task package of the rule set
 * {@code unlocks} the code (module task), and the item requires it here, whatever its zones say. One code per item, by
 * the item's reference (own items and hub SKUs alike).
 */
@Service
public class ItemUnlocks {

    /** An item that requires the member to have unlocked {@code unlockCode}. */
    public record ItemUnlock(String ref, String unlockCode, Instant updatedAt) {
    }

    private final JdbcClient jdbc;
    private final MallItems items;
    private final Clock clock;
    private final ItemRulesCache rules;

    ItemUnlocks(JdbcClient jdbc, MallItems items, Clock clock, ItemRulesCache rules) {
        this.jdbc = jdbc;
        this.items = items;
        this.clock = clock;
        this.rules = rules;
    }

    /** Makes the item require {@code unlockCode} (replacing the code it required, if any). An own item that does not exist is a 404. */
    @Transactional
    public ItemUnlock require(@Nullable String refText, String unlockCode) {
        ItemRef ref = ItemRef.parse(refText, "ref");
        if (ref.isOwn()) {
            items.get(ref.itemId());
        }
        OffsetDateTime now = clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
        rules.forgetAfterCompletion();
        jdbc.sql("""
                        insert into platform.mall_item_unlock (tenant_id, item_ref, unlock_code, updated_at) values (platform.current_tenant(), ?, ?, ?)
                        on conflict (tenant_id, item_ref) do update set unlock_code = excluded.unlock_code, updated_at = excluded.updated_at""")
                .params(ref.toString(), unlockCode, now)
                .update();
        return new ItemUnlock(ref.toString(), unlockCode, now.toInstant());
    }

    /** The item no longer requires an unlock; one that required none is a 404. */
    @Transactional
    public void release(@Nullable String refText) {
        ItemRef ref = ItemRef.parse(refText, "ref");
        rules.forgetAfterCompletion();
        int removed = jdbc.sql("delete from platform.mall_item_unlock where tenant_id = platform.current_tenant() and item_ref = ?")
                .param(ref.toString()).update();
        if (removed == 0) {
            throw DomainException.notFound("Unlock required by " + ref);
        }
    }

    /** Every item of the tenant that requires an unlock, by reference. */
    @Transactional(readOnly = true)
    public List<ItemUnlock> list() {
        return jdbc.sql("select item_ref, unlock_code, updated_at from platform.mall_item_unlock where tenant_id = platform.current_tenant() order by item_ref")
                .query((rs, n) -> new ItemUnlock(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant()))
                .list();
    }

    /** The codes the given items require (in the caller's transaction); items that require none are absent. */
    Map<ItemRef, String> required(Collection<ItemRef> refs) {
        Map<String, ItemRef> byText = new HashMap<>();
        refs.forEach(ref -> byText.put(ref.toString(), ref));
        Map<ItemRef, String> codes = new HashMap<>();
        jdbc.sql("select item_ref, unlock_code from platform.mall_item_unlock where tenant_id = platform.current_tenant() and item_ref = any(?::text[])")
                .param(byText.keySet().toArray(String[]::new))
                .query(rs -> {
                    codes.put(byText.get(rs.getString(1)), rs.getString(2));
                });
        return codes;
    }
}
