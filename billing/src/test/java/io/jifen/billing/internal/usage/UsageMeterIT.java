package io.jifen.billing.internal.usage;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCallback;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.jifen.billing.BillingIntegrationTest;
import io.jifen.billing.BillingRefused;
import io.jifen.billing.Metering;
import io.jifen.billing.Usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A usage record is written once per key, as its tenant (row-level security), in one round trip: in a transaction of
 * its own, and in a caller's transaction of another tenant, which gets its own tenant back afterwards.
 */
class UsageMeterIT extends BillingIntegrationTest {

    @Autowired
    Metering metering;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JdbcTemplate jdbcTemplate;

    private long records(UUID tenant, String key) {
        return asTenant(tenant, () -> jdbc.sql("select count(*) from billing.usage_record where key = ?").param(key).query(Long.class).single());
    }

    /** Sends one statement as the embedding application's pipeline does, whatever it answers. */
    private void send(Metering.Statement statement) {
        jdbcTemplate.execute(statement.sql(), (PreparedStatementCallback<Boolean>) ps -> {
            for (int i = 0; i < statement.params().size(); i++) {
                StatementCreatorUtils.setParameterValue(ps, i + 1, SqlTypeValue.TYPE_UNKNOWN, statement.params().get(i));
            }
            return ps.execute();
        });
    }

    private String transactionTenant() {
        return jdbc.sql("select coalesce(current_setting('app.tenant_id', true), '')").query(String.class).single();
    }

    @Test
    void aKeyIsRecordedOnceForItsTenantOnly() {
        UUID tenant = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        String key = "order:" + UUID.randomUUID() + ":completed";
        Usage usage = Usage.redemption(key, Instant.parse("2030-01-05T08:00:00Z"), 5_000, 3_000);

        assertThat(metering.record(tenant, usage)).as("new").isTrue();
        assertThat(metering.record(tenant, usage)).as("the same key again").isFalse();
        assertThat(records(tenant, key)).isEqualTo(1);
        assertThat(records(other, key)).as("another tenant sees none of it").isZero();
        assertThat(asTenant(tenant, () -> jdbc.sql("select count(*) from billing.tenant where id = ?").param(tenant).query(Long.class).single()))
                .as("the tenant registered with its first record").isEqualTo(1);
    }

    @Test
    void aCallersTransactionKeepsItsTenant() {
        UUID caller = UUID.randomUUID();
        UUID tenant = UUID.randomUUID();
        String key = "order:" + UUID.randomUUID() + ":completed";

        String after = asTenant(caller, () -> {
            assertThat(metering.record(tenant, Usage.redemption(key, Instant.parse("2030-01-05T08:00:00Z"), 100, 0))).isTrue();
            return transactionTenant();
        });

        assertThat(after).isEqualTo(caller.toString());
        assertThat(records(tenant, key)).isEqualTo(1);
        assertThat(records(caller, key)).isZero();
    }

    @Test
    void aKeyBeyond200CharactersIsRefusedAndNothingWritten() {
        UUID tenant = UUID.randomUUID();
        String key = "k".repeat(201);
        assertThatThrownBy(() -> metering.record(tenant, Usage.redemption(key, Instant.now(), 1, 0))).isInstanceOf(BillingRefused.class);
        assertThat(records(tenant, key)).isZero();
    }

    @Test
    void theRecordingsStatementSentInTheTenantsTransactionRecordsOnceAndNoOtherTenantsTransactionCanSendIt() {
        UUID tenant = UUID.randomUUID();
        String key = "order:" + UUID.randomUUID() + ":completed";
        Metering.Statement recording = metering.recording(tenant, Usage.redemption(key, Instant.parse("2030-01-05T08:00:00Z"), 100, 0));

        asTenant(tenant, () -> {
            send(recording);
            send(recording);
            return null;
        });

        assertThat(records(tenant, key)).as("sent twice, recorded once").isEqualTo(1);
        assertThatThrownBy(() -> asTenant(UUID.randomUUID(), () -> {
            send(metering.recording(tenant, Usage.redemption("order:" + UUID.randomUUID() + ":completed", Instant.now(), 1, 0)));
            return null;
        })).rootCause().hasMessageContaining("row-level security");
        assertThatThrownBy(() -> metering.recording(tenant, Usage.redemption("k".repeat(201), Instant.now(), 1, 0)))
                .isInstanceOf(BillingRefused.class);
    }
}
