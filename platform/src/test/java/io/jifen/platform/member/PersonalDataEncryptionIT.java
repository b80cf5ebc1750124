package io.jifen.platform.member;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import liquibase.database.core.PostgresDatabase;
import liquibase.database.jvm.JdbcConnection;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.jifen.crypto.Aad;
import io.jifen.crypto.Algorithm;
import io.jifen.crypto.BlindIndex;
import io.jifen.crypto.Envelope;
import io.jifen.crypto.FieldCipher;
import io.jifen.platform.earning.EncryptWebhookSecrets;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.tenancy.EncryptAdminEmails;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Personal data and secrets at rest, read back with plain SQL as the database superuser sees them: sealed, no clear
 * text anywhere; lookups by mobile and e-mail through the blind indexes, within the tenant only; and the Liquibase
 * steps that sealed what older versions stored in clear.
 */
class PersonalDataEncryptionIT extends IntegrationTest {

    @Autowired
    FieldCipher cipher;
    @Autowired
    BlindIndex index;

    @Test
    void theMemberTableHoldsNoPersonalDataInClearAndTheApiReadsItBack() throws SQLException {
        var tenant = fixtures.tenant("sealed");
        String token = fixtures.apiToken(tenant);
        var created = http().postJson("/api/v1/members", token, Map.of("externalId", "sealed-1", "audience", "CONSUMER",
                "displayName", "张三丰", "mobile", "13812345678", "email", "Zhang.Sanfeng@Example.com", "birthday", "1988-02-29"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var imported = http().send("POST", "/api/v1/members/imports", token, "text/csv",
                "external_id,audience,display_name,mobile,email,birthday\nsealed-2,DEALER,李四光,13987654321,lisi@example.cn,1975-11-30\n");
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);

        List<String> plaintexts = List.of("张三丰", "13812345678", "Zhang.Sanfeng", "1988-02-29", "李四光", "13987654321", "lisi@example", "1975-11-30");
        try (Connection db = stack().superuserConnection("jifen")) {
            assertThat(columns(db, "member")).contains("mobile_encrypted", "mobile_index", "email_index", "birthday_index")
                    .doesNotContain("display_name", "mobile", "email", "birthday");
            var rows = rows(db, "select * from platform.member where tenant_id = '" + tenant.id() + "'");
            assertThat(rows).hasSize(2);
            for (String cell : rows) {
                for (String plain : plaintexts) {
                    assertThat(cell).doesNotContain(plain);
                }
            }
            var sealed = bytes(db, "select mobile_encrypted from platform.member where external_id = 'sealed-1' and tenant_id = '" + tenant.id() + "'");
            assertThat(Envelope.parse(sealed).algorithm()).isEqualTo(Algorithm.SM4_GCM);
            assertThat(Envelope.parse(sealed).keyId()).isEqualTo("devstack");
        }
        var read = http().get("/api/v1/members/by-external-id/sealed-1", token).json();
        assertThat(read.get("displayName").asString()).isEqualTo("张三丰");
        assertThat(read.get("mobile").asString()).isEqualTo("13812345678");
        assertThat(read.get("email").asString()).isEqualTo("Zhang.Sanfeng@Example.com");
        assertThat(read.get("birthday").asString()).isEqualTo("1988-02-29");
        assertThat(http().get("/api/v1/members/by-external-id/sealed-2", token).json().get("displayName").asString()).isEqualTo("李四光");
    }

    @Test
    void membersAreFoundByWholeMobileOrEmailThroughTheBlindIndexAndOnlyInTheirOwnTenant() {
        var a = fixtures.tenant("lookup-a");
        var b = fixtures.tenant("lookup-b");
        String tokenA = fixtures.apiToken(a);
        String tokenB = fixtures.apiToken(b);
        http().postJson("/api/v1/members", tokenA, Map.of("externalId", "a-1", "audience", "CONSUMER", "mobile", "138-0013-8000",
                "email", "Wang@Example.com"));
        http().postJson("/api/v1/members", tokenA, Map.of("externalId", "a-2", "audience", "CONSUMER", "mobile", "13900139000"));
        http().postJson("/api/v1/members", tokenB, Map.of("externalId", "b-1", "audience", "CONSUMER", "mobile", "13800138000",
                "email", "wang@example.com"));

        assertThat(externalIds(http().get("/api/v1/members?mobile=13800138000", tokenA).json())).containsExactly("a-1");
        assertThat(externalIds(http().get("/api/v1/members?mobile=138%200013%208000", tokenA).json())).as("spaces and dashes do not count")
                .containsExactly("a-1");
        assertThat(externalIds(http().get("/api/v1/members?email=%20WANG@example.COM", tokenA).json())).as("nor case").containsExactly("a-1");
        assertThat(externalIds(http().get("/api/v1/members?mobile=13800138000", tokenB).json())).containsExactly("b-1");
        assertThat(externalIds(http().get("/api/v1/members?mobile=1380013", tokenA).json())).as("no partial match").isEmpty();
        assertThat(externalIds(http().get("/api/v1/members?mobile=13800138000&audience=DEALER", tokenA).json())).isEmpty();

        var changed = http().patchJson("/api/v1/members/" + http().get("/api/v1/members/by-external-id/a-2", tokenA).json().get("id").asString(),
                tokenA, Map.of("mobile", "13700137000"));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(externalIds(http().get("/api/v1/members?mobile=13900139000", tokenA).json())).as("the old number's index is gone").isEmpty();
        assertThat(externalIds(http().get("/api/v1/members?mobile=13700137000", tokenA).json())).containsExactly("a-2");
    }

    @Test
    void theTenantsAdminEmailAndWebhookSecretAreStoredSealed() throws SQLException {
        var tenant = fixtures.tenant("sealed-admin");
        String secret = http().send("POST", "/api/v1/earning/webhook-secret", fixtures.adminToken(tenant), "application/json", "{}")
                .json().get("secret").asString();

        try (Connection db = stack().superuserConnection("jifen")) {
            assertThat(columns(db, "tenant")).contains("admin_email_encrypted").doesNotContain("admin_email");
            assertThat(columns(db, "earning_webhook_secret")).contains("secret_encrypted").doesNotContain("secret");
            assertThat(rows(db, "select * from platform.tenant where id = '" + tenant.id() + "'").getFirst()).doesNotContain(tenant.adminEmail());
            assertThat(rows(db, "select * from platform.earning_webhook_secret where tenant_id = '" + tenant.id() + "'").getFirst())
                    .doesNotContain(secret).doesNotContain(secret.substring("whsec_".length()));
            byte[] email = bytes(db, "select admin_email_encrypted from platform.tenant where id = '" + tenant.id() + "'");
            assertThat(cipher.openText(email, Aad.of("platform.tenant", tenant.id(), "admin_email"))).isEqualTo(tenant.adminEmail());
            byte[] sealedSecret = bytes(db, "select secret_encrypted from platform.earning_webhook_secret where tenant_id = '" + tenant.id() + "'");
            assertThat(cipher.openText(sealedSecret, Aad.of("platform.earning_webhook_secret", tenant.id(), "secret"))).isEqualTo(secret);
        }
    }

    @Test
    void theLiquibaseStepsSealWhatOlderVersionsStoredInClear() throws Exception {
        UUID tenant = UUID.randomUUID();
        UUID member = UUID.randomUUID();
        try (Connection db = stack().superuserConnection("jifen")) {
            db.setAutoCommit(false);
            try (var sql = db.createStatement()) {
                // The clear columns as they were before changelog 017, in this transaction only (rolled back below).
                sql.execute("alter table platform.member add column display_name varchar(64), add column mobile varchar(20), "
                        + "add column email varchar(254), add column birthday date");
                sql.execute("alter table platform.tenant add column admin_email varchar(254), alter column admin_email_encrypted drop not null");
                sql.execute("alter table platform.earning_webhook_secret add column secret text, alter column secret_encrypted drop not null");
                sql.execute("""
                        insert into platform.tenant (id, slug, name, status, time_zone, currency, locale, admin_email, signup_fingerprint,
                                                     created_at, updated_at, version)
                        values ('%s', 'old-%s', '旧品牌', 'ACTIVE', 'Asia/Shanghai', 'CNY', 'zh-CN', 'old-admin@example.com', repeat('0', 64),
                                now(), now(), 0)""".formatted(tenant, tenant.toString().substring(0, 8)));
                sql.execute("""
                        insert into platform.member (tenant_id, id, external_id, audience, status, display_name, mobile, email, birthday,
                                                     created_at, updated_at, version)
                        values ('%s', '%s', 'old-1', 'CONSUMER', 'ACTIVE', '王五', '13600136000', 'wangwu@example.com', '1980-03-01',
                                now(), now(), 0)""".formatted(tenant, member));
                sql.execute("insert into platform.earning_webhook_secret (tenant_id, secret, created_at) values ('%s', 'whsec_old', now())"
                        .formatted(tenant));
            }

            var database = new PostgresDatabase();
            database.setConnection(new JdbcConnection(db));
            new EncryptMembers().execute(database);
            new EncryptAdminEmails().execute(database);
            new EncryptWebhookSecrets().execute(database);

            var sealing = new MemberSealing(cipher, index);
            try (var row = db.createStatement().executeQuery("""
                    select display_name_encrypted, mobile_encrypted, email_encrypted, birthday_encrypted, mobile_index, email_index, birthday_index
                    from platform.member where id = '%s'""".formatted(member))) {
                assertThat(row.next()).isTrue();
                assertThat(sealing.open(tenant, member, row.getBytes(1), row.getBytes(2), row.getBytes(3), row.getBytes(4), null))
                        .isEqualTo(new MemberProfile("王五", "13600136000", "wangwu@example.com", LocalDate.of(1980, 3, 1), null));
                assertThat(row.getBytes(5)).isEqualTo(sealing.mobileIndex(tenant, "13600136000"));
                assertThat(row.getBytes(6)).isEqualTo(sealing.emailIndex(tenant, "WangWu@example.com"));
                assertThat(row.getBytes(7)).isEqualTo(sealing.birthdayIndex(tenant, java.time.MonthDay.of(3, 1)));
            }
            assertThat(cipher.openText(bytes(db, "select admin_email_encrypted from platform.tenant where id = '" + tenant + "'"),
                    Aad.of("platform.tenant", tenant, "admin_email"))).isEqualTo("old-admin@example.com");
            assertThat(cipher.openText(bytes(db, "select secret_encrypted from platform.earning_webhook_secret where tenant_id = '" + tenant + "'"),
                    Aad.of("platform.earning_webhook_secret", tenant, "secret"))).isEqualTo("whsec_old");
            db.rollback();
        }
    }

    private static List<String> externalIds(tools.jackson.databind.JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("externalId").asString()));
        return ids;
    }

    private static List<String> columns(Connection db, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (var rs = db.createStatement().executeQuery(
                "select column_name from information_schema.columns where table_schema = 'platform' and table_name = '" + table + "'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** Every row as one string of its cells, text as text and bytes both as UTF-8 and as Latin-1 (any clear text shows). */
    private static List<String> rows(Connection db, String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (var rs = db.createStatement().executeQuery(query)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                var row = new StringBuilder();
                for (int c = 1; c <= columns; c++) {
                    if ("bytea".equals(rs.getMetaData().getColumnTypeName(c))) {
                        byte[] b = rs.getBytes(c);
                        if (b != null) {
                            row.append(new String(b, StandardCharsets.UTF_8)).append('|').append(new String(b, StandardCharsets.ISO_8859_1));
                        }
                    } else {
                        row.append(rs.getString(c));
                    }
                    row.append('|');
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static byte[] bytes(Connection db, String query) throws SQLException {
        try (var rs = db.createStatement().executeQuery(query)) {
            assertThat(rs.next()).as(query).isTrue();
            return rs.getBytes(1);
        }
    }
}
