package io.jifen.platform.member;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.platform.support.Fixtures.TenantFixture;
import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.tenancy.TenantContext;

class MemberIT extends IntegrationTest {

    private TenantFixture tenant;
    private String token;

    @Autowired
    MemberDirectory members;
    @Autowired
    PlatformTransactionManager transactionManager;

    @BeforeEach
    void tenant() {
        tenant = fixtures.tenant("members");
        token = fixtures.apiToken(tenant);
    }

    @Test
    void membersOfEveryAudienceAreCreatedReadUpdatedAndListed() {
        for (String audience : new String[] {"CONSUMER", "EMPLOYEE", "DEALER", "SALES_GUIDE"}) {
            var created = http().postJson("/api/v1/members", token, Map.of("externalId", "u-" + audience, "audience", audience,
                    "displayName", "张三", "mobile", "+86 138 0013 8000", "birthday", "1990-05-17"));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.json().get("status").asString()).isEqualTo("ACTIVE");
        }
        var dealer = http().get("/api/v1/members/by-external-id/u-DEALER", token).json();

        var frozen = http().patchJson("/api/v1/members/" + dealer.get("id").asString(), token, Map.of("status", "FROZEN", "region", "华东"));

        assertThat(frozen.status()).isEqualTo(200);
        assertThat(frozen.json().get("status").asString()).isEqualTo("FROZEN");
        assertThat(frozen.json().get("region").asString()).isEqualTo("华东");
        assertThat(frozen.json().get("displayName").asString()).as("untouched fields keep their value").isEqualTo("张三");
        var dealers = http().get("/api/v1/members?audience=DEALER", token).json();
        assertThat(dealers.get("totalItems").asLong()).isEqualTo(1);
        assertThat(http().get("/api/v1/members?status=FROZEN", token).json().get("items").get(0).get("externalId").asString())
                .isEqualTo("u-DEALER");
    }

    @Test
    void aStatusIsReadOncePerTransactionAndAChangeInItIsSeen() {
        var created = http().postJson("/api/v1/members", token, Map.of("externalId", "status-1", "audience", "EMPLOYEE"));
        UUID id = UUID.fromString(created.json().get("id").asString());

        var seen = TenantContext.callAs(tenant.id(), () -> new TransactionTemplate(transactionManager).execute(tx -> {
            MemberStatus before = members.status(id);
            members.update(id, new MemberPatch(null, MemberStatus.FROZEN, null, null, null, null, null));
            return before + " " + members.status(id);
        }));

        assertThat(seen).as("the change made in the transaction, not the status remembered before it").isEqualTo("ACTIVE FROZEN");
        assertThat(TenantContext.callAs(tenant.id(), () -> members.status(id))).isEqualTo(MemberStatus.FROZEN);
    }

    @Test
    void anExternalIdIsUniqueWithinItsTenant() {
        var first = http().postJson("/api/v1/members", token, Map.of("externalId", "dup", "audience", "CONSUMER"));
        var second = http().postJson("/api/v1/members", token, Map.of("externalId", "dup", "audience", "EMPLOYEE"));
        var otherTenant = http().postJson("/api/v1/members", fixtures.apiToken(fixtures.tenant("members-other")),
                Map.of("externalId", "dup", "audience", "CONSUMER"));

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().get("type").asString()).isEqualTo("https://jifen.io/problems/member-exists");
        assertThat(otherTenant.status()).as("another tenant may use the same external id").isEqualTo(201);
    }

    @Test
    void badInputIsA400NamingTheFieldAndWritesNothing() {
        assertBadRequest("{\"externalId\": \"x1\", \"audience\": ", null);
        assertBadRequest("{\"externalId\": \"x1\", \"audience\": \"CONSUMER\", \"vip\": true}", "vip");
        assertBadRequest("{\"externalId\": \"x1\", \"audience\": \"ALIEN\"}", "audience");
        assertBadRequest(Http.json(Map.of("externalId", "x1", "audience", "CONSUMER", "displayName", "名".repeat(65))), "displayName");
        assertBadRequest(Http.json(Map.of("externalId", "x".repeat(65), "audience", "CONSUMER")), "externalId");
        assertBadRequest(Http.json(Map.of("externalId", "x1", "audience", "CONSUMER", "birthday", "2999-01-01")), "birthday");
        assertBadRequest(Http.json(Map.of("externalId", "x1", "audience", "CONSUMER", "mobile", "call me")), "mobile");
        assertBadRequest("{\"audience\": \"CONSUMER\"}", "externalId");

        var page = http().get("/api/v1/members?page=-1", token);
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.json().get("errors").get(0).get("field").asString()).isEqualTo("page");
        var huge = http().get("/api/v1/members?size=99999999999999999999", token);
        assertThat(huge.status()).isEqualTo(400);
        assertThat(huge.json().get("errors").get(0).get("field").asString()).isEqualTo("size");

        assertThat(http().get("/api/v1/members", token).json().get("totalItems").asLong()).isZero();
    }

    @Test
    void tenThousandMembersAreImportedFromOneCsvAndReimportingChangesNothing() {
        StringBuilder csv = new StringBuilder("external_id,audience,display_name,mobile,birthday,region\n");
        for (int i = 0; i < 10_000; i++) {
            csv.append("m").append(i).append(',').append(i % 4 == 0 ? "SALES_GUIDE" : "CONSUMER").append(",会员").append(i)
                    .append(",1380000").append(String.format("%04d", i)).append(",1990-01-01,上海\n");
        }
        var first = importCsv(csv.toString().getBytes(StandardCharsets.UTF_8), "");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("created").asInt()).isEqualTo(10_000);

        var again = importCsv(csv.toString().getBytes(StandardCharsets.UTF_8), "");
        assertThat(again.json().get("created").asInt()).isZero();
        assertThat(again.json().get("updated").asInt()).isZero();
        assertThat(again.json().get("unchanged").asInt()).isEqualTo(10_000);
        assertThat(http().get("/api/v1/members?audience=SALES_GUIDE&size=1", token).json().get("totalItems").asLong()).isEqualTo(2_500);
        assertThat(http().get("/api/v1/members?page=19&size=500", token).status()).as("the last page within 10,000").isEqualTo(200);
        var tooDeep = http().get("/api/v1/members?page=20&size=500", token);
        assertThat(tooDeep.status()).isEqualTo(400);
        assertThat(tooDeep.json().get("errors").get(0).get("field").asString()).isEqualTo("page");
    }

    @Test
    void badRowsAreReportedByLineAndEitherSkippedOrTheWholeFileRejected() {
        String csv = """
                external_id,audience,display_name,birthday
                good-1,CONSUMER,甲,1990-01-01
                bad-1,ROBOT,乙,1990-01-01
                good-2,DEALER,丙,
                bad-2,CONSUMER,丁,1990-13-45
                good-1,CONSUMER,重复,
                """;
        var rejected = importCsv(csv.getBytes(StandardCharsets.UTF_8), "?onError=REJECT");
        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.json().get("errors")).hasSize(3);
        assertThat(rejected.json().get("errors").get(0).get("line").asInt()).isEqualTo(3);
        assertThat(rejected.json().get("errors").get(0).get("field").asString()).isEqualTo("audience");
        assertThat(rejected.json().get("errors").get(1).get("line").asInt()).isEqualTo(5);
        assertThat(rejected.json().get("errors").get(1).get("field").asString()).isEqualTo("birthday");
        assertThat(rejected.json().get("errors").get(2).get("line").asInt()).isEqualTo(6);
        assertThat(http().get("/api/v1/members", token).json().get("totalItems").asLong()).as("nothing written").isZero();

        var skipped = importCsv(csv.getBytes(StandardCharsets.UTF_8), "?onError=SKIP");
        assertThat(skipped.status()).isEqualTo(200);
        assertThat(skipped.json().get("rows").asInt()).isEqualTo(5);
        assertThat(skipped.json().get("created").asInt()).isEqualTo(2);
        assertThat(skipped.json().get("rejected")).hasSize(3);
        assertThat(http().get("/api/v1/members", token).json().get("totalItems").asLong()).isEqualTo(2);
    }

    @Test
    void aFileInTheWrongEncodingIsRejectedWithItsLineAndGb18030IsReadWhenSaid() {
        byte[] gbk = "external_id,audience,display_name\nc1,CONSUMER,王小明\n".getBytes(Charset.forName("GB18030"));

        var asUtf8 = importCsv(gbk, "");
        assertThat(asUtf8.status()).isEqualTo(400);
        assertThat(asUtf8.json().get("errors").get(0).get("line").asInt()).isEqualTo(2);
        assertThat(asUtf8.json().get("detail").asString()).contains("UTF-8");
        assertThat(http().get("/api/v1/members", token).json().get("totalItems").asLong()).isZero();

        var asGb18030 = importCsv(gbk, "?encoding=GB18030");
        assertThat(asGb18030.status()).as(asGb18030.body()).isEqualTo(200);
        assertThat(http().get("/api/v1/members/by-external-id/c1", token).json().get("displayName").asString()).isEqualTo("王小明");
    }

    @Test
    void aFileWithAnUnknownColumnIsRejectedWhole() {
        var response = importCsv("external_id,audience,shoe_size\nz1,CONSUMER,42\n".getBytes(StandardCharsets.UTF_8), "?onError=SKIP");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("shoe_size");
        assertThat(http().get("/api/v1/members", token).json().get("totalItems").asLong()).isZero();
    }

    private Http.Response importCsv(byte[] csv, String query) {
        return http().send("POST", "/api/v1/members/imports" + query, token, "text/csv", csv);
    }

    private void assertBadRequest(String body, String field) {
        var response = http().postJson("/api/v1/members", token, body);
        assertThat(response.status()).as(body + " -> " + response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        if (field != null) {
            var errors = response.json().get("errors");
            assertThat(errors).as(response.body()).isNotNull();
            var fields = new HashMap<String, String>();
            errors.forEach(e -> fields.put(e.get("field").asString(), e.get("message").asString()));
            assertThat(fields).as(response.body()).containsKey(field);
        }
    }
}
