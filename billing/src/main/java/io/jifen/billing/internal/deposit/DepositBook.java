package io.jifen.billing.internal.deposit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.jifen.billing.BillingRefused;
import io.jifen.billing.Deposits;
import io.jifen.billing.internal.tenancy.BillingTenants;
import io.jifen.billing.internal.tenancy.TenantScope;

/**
 * The deposit accounts, their movements and alerts (the tenant's own tables). Every change locks the tenant's account
 * row first: changes of one tenant's deposit run one after the other, so a key checked after the lock is not being
 * written by anyone else, and the conditional update that takes a charge is what keeps the balance at or above zero.
 */
@Service
public class DepositBook implements Deposits {

    /** The most one top-up may add (ten billion yuan): far beyond any real transfer, and no sum of them overflows. */
    static final long MAX_TOP_UP_FEN = 1_000_000_000_000L;

    private static final String MOVEMENT_COLUMNS = "id, tenant_id, key, kind, amount_fen, balance_after_fen, order_ref, reference, actor, occurred_at";

    private final JdbcClient jdbc;
    private final TenantScope scope;
    private final BillingTenants tenants;
    private final Clock clock;

    DepositBook(JdbcClient jdbc, TenantScope scope, BillingTenants tenants, Clock clock) {
        this.jdbc = jdbc;
        this.scope = scope;
        this.tenants = tenants;
        this.clock = clock;
    }

    @Override
    public Account configure(UUID tenant, boolean enabled, long lowBalanceFen) {
        if (lowBalanceFen < 0 || lowBalanceFen > MAX_TOP_UP_FEN) {
            throw BillingRefused.invalid("lowBalanceFen", "0 to " + MAX_TOP_UP_FEN + " fen");
        }
        return scope.call(tenant, () -> {
            tenants.register(tenant);
            jdbc.sql("""
                            insert into billing.deposit_account (tenant_id, enabled, low_balance_fen, updated_at) values (?, ?, ?, ?)
                            on conflict (tenant_id) do update set enabled = excluded.enabled, low_balance_fen = excluded.low_balance_fen,
                                updated_at = excluded.updated_at""")
                    .params(tenant, enabled, lowBalanceFen, now()).update();
            return account(tenant, false).orElseThrow();
        });
    }

    @Override
    public Optional<Account> find(UUID tenant) {
        return scope.call(tenant, () -> account(tenant, false));
    }

    @Override
    public Movement topUp(UUID tenant, long amountFen, String reference, @Nullable String actor) {
        if (amountFen <= 0 || amountFen > MAX_TOP_UP_FEN) {
            throw BillingRefused.invalid("amountFen", "1 to " + MAX_TOP_UP_FEN + " fen");
        }
        if (reference == null || reference.isBlank() || reference.length() > 190 || reference.chars().anyMatch(Character::isISOControl)) {
            throw BillingRefused.invalid("reference", "the payment's reference (e.g. the bank transfer's), 1 to 190 characters");
        }
        String key = "top-up:" + reference.strip();
        return scope.call(tenant, () -> {
            tenants.register(tenant);
            jdbc.sql("insert into billing.deposit_account (tenant_id, enabled, low_balance_fen) values (?, false, 0) on conflict (tenant_id) do nothing")
                    .param(tenant).update();
            account(tenant, true).orElseThrow();
            Optional<Movement> earlier = byKey(tenant, key);
            if (earlier.isPresent()) {
                if (earlier.get().amountFen() != amountFen) {
                    throw BillingRefused.conflict("the top-up with reference '" + reference.strip() + "' was " + earlier.get().amountFen()
                            + " fen, not " + amountFen);
                }
                return earlier.get();
            }
            long after = jdbc.sql("update billing.deposit_account set balance_fen = balance_fen + ?, updated_at = ? where tenant_id = ? returning balance_fen")
                    .params(amountFen, now(), tenant).query(Long.class).single();
            return insert(tenant, key, Kind.TOP_UP, amountFen, after, null, reference.strip(), actor);
        });
    }

    @Override
    public Charge charge(UUID tenant, String orderRef, long amountFen) {
        if (amountFen <= 0) {
            throw BillingRefused.invalid("amountFen", "a charge is a positive amount of fen");
        }
        String key = orderRef + ":charge";
        return scope.call(tenant, () -> {
            Optional<Account> locked = account(tenant, true);
            if (locked.isEmpty()) {
                return new Charge(Charge.Outcome.NOT_ENABLED, false, 0, amountFen, null);
            }
            Account account = locked.get();
            Optional<Movement> earlier = byKey(tenant, key);
            if (earlier.isPresent()) {
                return new Charge(Charge.Outcome.CHARGED, true, account.balanceFen(), -earlier.get().amountFen(), null);
            }
            if (!account.enabled()) {
                return new Charge(Charge.Outcome.NOT_ENABLED, false, account.balanceFen(), amountFen, null);
            }
            // The guard: a balance short of the amount changes nothing (the row is locked above, the condition stays the rule).
            List<Long> after = jdbc.sql("""
                            update billing.deposit_account set balance_fen = balance_fen - ?, updated_at = ?
                            where tenant_id = ? and balance_fen >= ? returning balance_fen""")
                    .params(amountFen, now(), tenant, amountFen).query(Long.class).list();
            if (after.isEmpty()) {
                return new Charge(Charge.Outcome.INSUFFICIENT, false, account.balanceFen(), amountFen, null);
            }
            long balance = after.getFirst();
            Movement charged = insert(tenant, key, Kind.CHARGE, -amountFen, balance, orderRef, null, null);
            Alert alert = null;
            if (account.balanceFen() >= account.lowBalanceFen() && balance < account.lowBalanceFen()) {
                alert = jdbc.sql("""
                                insert into billing.deposit_alert (tenant_id, movement_id, balance_fen, threshold_fen, raised_at) values (?, ?, ?, ?, ?)
                                returning id, tenant_id, movement_id, balance_fen, threshold_fen, raised_at""")
                        .params(tenant, charged.id(), balance, account.lowBalanceFen(), now()).query(DepositBook::alert).single();
            }
            return new Charge(Charge.Outcome.CHARGED, false, balance, amountFen, alert);
        });
    }

    @Override
    public Optional<Movement> release(UUID tenant, String orderRef, String key, long amountFen) {
        if (amountFen <= 0) {
            throw BillingRefused.invalid("amountFen", "a release is a positive amount of fen");
        }
        return scope.call(tenant, () -> {
            if (account(tenant, true).isEmpty()) {
                return Optional.<Movement>empty();
            }
            Optional<Movement> earlier = byKey(tenant, key);
            if (earlier.isPresent()) {
                return earlier;
            }
            long outstanding = jdbc.sql("select coalesce(-sum(amount_fen), 0) from billing.deposit_movement where tenant_id = ? and order_ref = ?")
                    .params(tenant, orderRef).query(Long.class).single();
            long due = Math.min(amountFen, outstanding);
            if (due <= 0) {
                return Optional.<Movement>empty();
            }
            long after = jdbc.sql("update billing.deposit_account set balance_fen = balance_fen + ?, updated_at = ? where tenant_id = ? returning balance_fen")
                    .params(due, now(), tenant).query(Long.class).single();
            return Optional.of(insert(tenant, key, Kind.RELEASE, due, after, orderRef, null, null));
        });
    }

    @Override
    public List<Movement> movements(UUID tenant, @Nullable Long beforeId, int limit) {
        return scope.call(tenant, () -> jdbc.sql("select " + MOVEMENT_COLUMNS + " from billing.deposit_movement where tenant_id = ? and id < ? "
                        + "order by id desc limit ?")
                .params(tenant, beforeId == null ? Long.MAX_VALUE : beforeId, Math.clamp(limit, 1, 200)).query(DepositBook::movement).list());
    }

    @Override
    public List<Alert> alerts(UUID tenant, int limit) {
        return scope.call(tenant, () -> jdbc.sql("select id, tenant_id, movement_id, balance_fen, threshold_fen, raised_at from billing.deposit_alert "
                        + "where tenant_id = ? order by id desc limit ?")
                .params(tenant, Math.clamp(limit, 1, 200)).query(DepositBook::alert).list());
    }

    private Optional<Account> account(UUID tenant, boolean lock) {
        return jdbc.sql("select tenant_id, enabled, balance_fen, low_balance_fen, updated_at from billing.deposit_account where tenant_id = ?"
                        + (lock ? " for update" : ""))
                .param(tenant)
                .query((rs, n) -> new Account(rs.getObject(1, UUID.class), rs.getBoolean(2), rs.getLong(3), rs.getLong(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant()))
                .optional();
    }

    private Optional<Movement> byKey(UUID tenant, String key) {
        return jdbc.sql("select " + MOVEMENT_COLUMNS + " from billing.deposit_movement where tenant_id = ? and key = ?").params(tenant, key)
                .query(DepositBook::movement).optional();
    }

    private Movement insert(UUID tenant, String key, Kind kind, long amountFen, long balanceAfter, @Nullable String orderRef, @Nullable String reference,
                            @Nullable String actor) {
        return jdbc.sql("insert into billing.deposit_movement (tenant_id, key, kind, amount_fen, balance_after_fen, order_ref, reference, actor, occurred_at) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning " + MOVEMENT_COLUMNS)
                .params(tenant, key, kind.name(), amountFen, balanceAfter, orderRef, reference, actor, now())
                .query(DepositBook::movement).single();
    }

    private OffsetDateTime now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    private static Movement movement(ResultSet rs, int row) throws SQLException {
        return new Movement(rs.getLong("id"), rs.getObject("tenant_id", UUID.class), rs.getString("key"), Kind.valueOf(rs.getString("kind")),
                rs.getLong("amount_fen"), rs.getLong("balance_after_fen"), rs.getString("order_ref"), rs.getString("reference"), rs.getString("actor"),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant());
    }

    private static Alert alert(ResultSet rs, int row) throws SQLException {
        return new Alert(rs.getLong("id"), rs.getObject("tenant_id", UUID.class), rs.getLong("movement_id"), rs.getLong("balance_fen"),
                rs.getLong("threshold_fen"), rs.getObject("raised_at", OffsetDateTime.class).toInstant());
    }
}
