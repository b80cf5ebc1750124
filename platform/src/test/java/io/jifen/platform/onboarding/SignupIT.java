package io.jifen.platform.onboarding;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.support.KeycloakAdmin;
import io.jifen.platform.support.Mailbox;
import io.jifen.platform.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SignupIT extends IntegrationTest {

    private static final String SIGNUPS = "/api/v1/signups";

    @Autowired
    AbandonedSignups abandonedSignups;

    @Test
    void aBrandSignsUpVerifiesItsAdminsEmailAndResumesAndThenItsAdminAndBackEndCanUseTheApi() {
        String slug = Fixtures.uniqueSlug("milk");
        String email = "admin@" + slug + ".example.com";
        var body = Fixtures.signupBody(slug);

        var accepted = http().postJson(SIGNUPS, null, body);

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.json().get("status").asString()).isEqualTo("PROVISIONING");
        assertThat(accepted.json().get("next").asString()).isEqualTo("VERIFY_EMAIL");
        assertThat(accepted.json().get("apiClient").isNull()).isTrue();
        String id = accepted.json().get("tenantId").asString();
        String token = accepted.json().get("resumeToken").asString();
        assertThat(token).hasSizeGreaterThanOrEqualTo(43);
        var admin = KeycloakAdmin.realm().users().searchByEmail(email, true).getFirst();
        assertThat(admin.isEmailVerified()).isFalse();
        assertThat(admin.getRequiredActions()).containsExactly("VERIFY_EMAIL");
        assertThat(Tokens.passwordStatus(stack(), email, Fixtures.PASSWORD)).as("no sign-in before the address is verified").isEqualTo(400);

        var early = resume(id, token, body);
        assertThat(early.status()).as(early.body()).isEqualTo(202);
        assertThat(early.json().get("next").asString()).isEqualTo("VERIFY_EMAIL");
        assertThat(early.json().get("resumeToken").isNull()).as("the token is in the first answer only").isTrue();

        Mailbox.verifyEmail(stack(), email);
        admin = KeycloakAdmin.realm().users().get(admin.getId()).toRepresentation();
        assertThat(admin.isEmailVerified()).isTrue();
        assertThat(admin.getRequiredActions()).isEmpty();

        var completed = resume(id, token, body);

        assertThat(completed.status()).as(completed.body()).isEqualTo(201);
        var done = completed.json();
        assertThat(done.get("slug").asString()).isEqualTo(slug);
        assertThat(done.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(done.get("next").isNull()).isTrue();
        String clientId = done.get("apiClient").get("clientId").asString();
        String secret = done.get("apiClient").get("secret").asString();
        assertThat(secret).isNotBlank();

        String adminToken = Tokens.password(stack(), email, Fixtures.PASSWORD);
        var tenant = http().get("/api/v1/tenant", adminToken).json();
        assertThat(tenant.get("id").asString()).isEqualTo(id);
        assertThat(tenant.get("timeZone").asString()).isEqualTo("Asia/Shanghai");
        assertThat(tenant.get("currency").asString()).isEqualTo("CNY");

        String apiToken = Tokens.clientCredentials(stack(), clientId, secret);
        var pointTypes = http().get("/api/v1/point-types", apiToken).json();
        assertThat(pointTypes).hasSize(1);
        assertThat(pointTypes.get(0).get("name").asString()).isEqualTo("积分");
        assertThat(pointTypes.get(0).get("anchorPoints").asLong()).isEqualTo(1);
        assertThat(pointTypes.get(0).get("anchorAmountMinor").asLong()).isEqualTo(1);
    }

    @Test
    void repeatingACompletedSignUpOrItsResumptionAnswersTheSameTenantWithoutSecrets() {
        String slug = Fixtures.uniqueSlug("repeat");
        var body = Fixtures.signupBody(slug);
        var accepted = http().postJson(SIGNUPS, null, body);
        String id = accepted.json().get("tenantId").asString();
        String token = accepted.json().get("resumeToken").asString();
        Mailbox.verifyEmail(stack(), "admin@" + slug + ".example.com");
        var completed = resume(id, token, body);
        assertThat(completed.status()).isEqualTo(201);

        for (var again : List.of(http().postJson(SIGNUPS, null, body), resume(id, token, body))) {
            assertThat(again.status()).as(again.body()).isEqualTo(200);
            assertThat(again.json().get("tenantId").asString()).isEqualTo(id);
            assertThat(again.json().get("apiClient").get("clientId")).isEqualTo(completed.json().get("apiClient").get("clientId"));
            assertThat(again.json().get("apiClient").get("secret").isNull()).isTrue();
            assertThat(again.json().get("resumeToken").isNull()).isTrue();
        }
        assertThat(Tokens.clientCredentialsStatus(stack(), completed.json().get("apiClient").get("clientId").asString(),
                completed.json().get("apiClient").get("secret").asString())).as("the secret was not replaced").isEqualTo(200);
    }

    @Test
    void replayingASignUpInProgressWithoutItsResumeTokenIsRefusedAndChangesNothing() {
        String slug = Fixtures.uniqueSlug("replay");
        String email = "admin@" + slug + ".example.com";
        var body = Fixtures.signupBody(slug);
        var accepted = http().postJson(SIGNUPS, null, body);
        String id = accepted.json().get("tenantId").asString();
        String token = accepted.json().get("resumeToken").asString();
        var replay = Fixtures.signupBody(slug);
        replay.put("adminPassword", "the-replayers-own-password");

        var replayed = http().postJson(SIGNUPS, null, replay);

        assertThat(replayed.status()).as(replayed.body()).isEqualTo(409);
        assertThat(replayed.json().get("type").asString()).isEqualTo("https://jifen.io/problems/slug-taken");
        assertThat(replayed.body()).doesNotContain(id).doesNotContain("secret");
        // Without the token, or with another one, or for another sign-up: the same refusal, which tells nothing.
        var refusals = List.of(resume(id, null, replay), resume(id, "not-" + token, replay),
                resume(java.util.UUID.randomUUID().toString(), token, replay));
        for (var refused : refusals) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(404);
            assertThat(refused.json().get("type").asString()).isEqualTo("https://jifen.io/problems/signup-not-found");
            assertThat(refused.json().get("detail")).isEqualTo(refusals.getFirst().json().get("detail"));
        }
        var renamed = Fixtures.signupBody(slug);
        renamed.put("name", "Another name");
        var mismatch = resume(id, token, renamed);
        assertThat(mismatch.status()).as("the token holder must repeat the sign-up's own fields").isEqualTo(409);
        assertThat(mismatch.json().get("type").asString()).isEqualTo("https://jifen.io/problems/signup-mismatch");

        Mailbox.verifyEmail(stack(), email);
        var completed = resume(id, token, body);
        assertThat(completed.status()).as(completed.body()).isEqualTo(201);
        assertThat(Tokens.passwordStatus(stack(), email, "the-replayers-own-password")).as("no token for the replayer's password").isNotEqualTo(200);
        assertThat(Tokens.passwordStatus(stack(), email, Fixtures.PASSWORD)).isEqualTo(200);
        assertThat(KeycloakAdmin.realm().clients().findByClientId("tenant-" + slug + "-api")).hasSize(1);
    }

    @Test
    void aResumptionRedoesTheStepsThatWereLost() {
        String slug = Fixtures.uniqueSlug("resume");
        String email = "admin@" + slug + ".example.com";
        var body = Fixtures.signupBody(slug);
        var accepted = http().postJson(SIGNUPS, null, body);
        String id = accepted.json().get("tenantId").asString();
        String token = accepted.json().get("resumeToken").asString();
        // As if the first call had stopped before Keycloak made the organization and the admin.
        var realm = KeycloakAdmin.realm();
        realm.users().delete(realm.users().searchByEmail(email, true).getFirst().getId()).close();
        realm.organizations().get(realm.organizations().search(slug, true, 0, 1).getFirst().getId()).delete().close();

        var resumed = resume(id, token, body);

        assertThat(resumed.status()).as(resumed.body()).isEqualTo(202);
        assertThat(Mailbox.mails(stack(), email)).as("a second verification mail, for the new admin").hasSize(2);
        Mailbox.verifyEmail(stack(), email);
        assertThat(resume(id, token, body).status()).isEqualTo(201);
        assertThat(realm.organizations().search(slug, true, 0, 10)).hasSize(1);
        assertThat(Tokens.passwordStatus(stack(), email, Fixtures.PASSWORD)).isEqualTo(200);
    }

    @Test
    void aSignUpWithAnAddressThatHasAnAccountIsAnsweredLikeAFreshOneAndItsOwnerIsTold() {
        var owner = fixtures.tenant("owner");
        var fresh = http().postJson(SIGNUPS, null, Fixtures.signupBody(Fixtures.uniqueSlug("fresh")));
        String pryingSlug = Fixtures.uniqueSlug("prying");
        var prying = Fixtures.signupBody(pryingSlug);
        prying.put("adminEmail", owner.adminEmail());

        var response = http().postJson(SIGNUPS, null, prying);

        assertThat(response.status()).as(response.body()).isEqualTo(fresh.status()).isEqualTo(202);
        assertThat(fieldNames(response.json())).isEqualTo(fieldNames(fresh.json()));
        assertThat(response.json().get("next")).isEqualTo(fresh.json().get("next"));
        var notice = await().atMost(Duration.ofSeconds(30)).until(() -> Mailbox.mails(stack(), owner.adminEmail()).stream()
                .filter(mail -> mail.text().contains(pryingSlug)).findFirst(), java.util.Optional::isPresent).orElseThrow();
        assertThat(notice.text()).contains("already has an").contains("ignore this mail");
        assertThat(KeycloakAdmin.realm().users().searchByEmail(owner.adminEmail(), true)).hasSize(1);
        assertThat(KeycloakAdmin.realm().organizations().search(pryingSlug, true, 0, 10)).isEmpty();
        var resumed = resume(response.json().get("tenantId").asString(), response.json().get("resumeToken").asString(), prying);
        assertThat(resumed.status()).as("it never completes: nobody can verify the address for it").isEqualTo(202);
        assertThat(Tokens.passwordStatus(stack(), owner.adminEmail(), owner.adminPassword())).as("the owner's account is untouched").isEqualTo(200);
    }

    @Test
    void anAbandonedSignUpIsRemovedWithWhatItMadeInKeycloakAndItsSlugIsFreeAgain() throws Exception {
        Instant start = Instant.now();
        clock.setTo(start);
        String slug = Fixtures.uniqueSlug("abandoned");
        String email = "admin@" + slug + ".example.com";
        var body = Fixtures.signupBody(slug);
        var accepted = http().postJson(SIGNUPS, null, body);
        assertThat(accepted.status()).isEqualTo(202);

        clock.setTo(start.plus(Duration.ofMinutes(29)));
        assertThat(abandonedSignups.removeAbandoned()).doesNotContain(slug);
        assertThat(http().postJson(SIGNUPS, null, body).status()).isEqualTo(409);

        clock.setTo(start.plus(Duration.ofMinutes(30)).plusSeconds(1));
        assertThat(resume(accepted.json().get("tenantId").asString(), accepted.json().get("resumeToken").asString(), body).status())
                .as("expired, even before it is removed").isEqualTo(404);
        assertThat(abandonedSignups.removeAbandoned()).contains(slug);

        try (var db = stack().superuserConnection("jifen");
             var rows = db.createStatement().executeQuery("select count(*) from platform.tenant where slug = '" + slug + "'")) {
            rows.next();
            assertThat(rows.getInt(1)).isZero();
        }
        var realm = KeycloakAdmin.realm();
        assertThat(realm.organizations().search(slug, true, 0, 10)).isEmpty();
        assertThat(realm.users().searchByEmail(email, true)).isEmpty();
        var another = Fixtures.signupBody(slug);
        another.put("adminEmail", "someone@" + slug + ".example.com");
        assertThat(http().postJson(SIGNUPS, null, another).status()).as("the slug is free again").isEqualTo(202);
    }

    @Test
    void theSameSignUpTwiceAtOnceMakesOneTenantOneOrganizationAndOneAdmin() throws Exception {
        String slug = Fixtures.uniqueSlug("race");
        var start = new CyclicBarrier(2);
        List<Integer> statuses = new ArrayList<>();
        try (var threads = Executors.newFixedThreadPool(2)) {
            Callable<Http.Response> signUp = () -> {
                start.await();
                return http().postJson(SIGNUPS, null, Fixtures.signupBody(slug));
            };
            for (var answer : threads.invokeAll(List.of(signUp, signUp))) {
                assertThat(answer.get().status()).as(answer.get().body()).isLessThan(500);
                statuses.add(answer.get().status());
            }
        }
        assertThat(statuses).containsExactlyInAnyOrder(202, 409);
        try (var db = stack().superuserConnection("jifen");
             var rows = db.createStatement().executeQuery("select count(*) from platform.tenant where slug = '" + slug + "'")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
        assertThat(KeycloakAdmin.realm().organizations().search(slug, true, 0, 10)).hasSize(1);
        assertThat(KeycloakAdmin.realm().users().searchByEmail("admin@" + slug + ".example.com", true)).hasSize(1);
    }

    @Test
    void aTenantAdminReadsAndChangesItsSettingsAndBadSettingsChangeNothing() {
        var tenant = fixtures.tenant("settings");
        String admin = fixtures.adminToken(tenant);

        var changed = http().patchJson("/api/v1/tenant", admin, Map.of("name", "新名字", "timeZone", "Asia/Hong_Kong", "currency", "HKD"));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("timeZone").asString()).isEqualTo("Asia/Hong_Kong");

        var bad = http().patchJson("/api/v1/tenant", admin, Map.of("name", "不该保存", "currency", "XYZ"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo("currency");
        var now = http().get("/api/v1/tenant", admin).json();
        assertThat(now.get("name").asString()).isEqualTo("新名字");
        assertThat(now.get("currency").asString()).isEqualTo("HKD");
        assertThat(http().patchJson("/api/v1/tenant", fixtures.apiToken(tenant), Map.of("name", "x")).status())
                .as("a back end (tenant-staff) cannot change tenant settings").isEqualTo(403);
    }

    @Test
    void twoBrandsMayShareADisplayName() {
        var first = Fixtures.signupBody(Fixtures.uniqueSlug("same-name"));
        var second = Fixtures.signupBody(Fixtures.uniqueSlug("same-name"));
        first.put("name", "贝拉母婴");
        second.put("name", "贝拉母婴");

        assertThat(http().postJson(SIGNUPS, null, first).status()).isEqualTo(202);
        var response = http().postJson(SIGNUPS, null, second);

        assertThat(response.status()).as(response.body()).isEqualTo(202);
    }

    @Test
    void aTakenSlugIsAConflict() {
        String slug = Fixtures.uniqueSlug("taken");
        http().postJson(SIGNUPS, null, Fixtures.signupBody(slug));
        var other = Fixtures.signupBody(slug);
        other.put("name", "Another brand");
        other.put("adminEmail", "someone@else.example.com");

        var response = http().postJson(SIGNUPS, null, other);

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).isEqualTo("https://jifen.io/problems/slug-taken");
    }

    @Test
    void badSignUpsAreRejectedNamingTheFieldAndCreateNothing() {
        String slug = Fixtures.uniqueSlug("bad");
        var body = Fixtures.signupBody(slug);
        body.put("timeZone", "Mars/Olympus");
        var response = http().postJson(SIGNUPS, null, body);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("timeZone");

        body = Fixtures.signupBody(slug);
        body.put("adminPassword", "short");
        body.put("slug", "Not A Slug");
        response = http().postJson(SIGNUPS, null, body);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("adminPassword").contains("slug");

        body = Fixtures.signupBody(slug);
        body.put("pointAnchorPoints", -5);
        response = http().postJson(SIGNUPS, null, body);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("pointAnchorPoints");

        response = http().postJson(SIGNUPS, null,
                Http.json(Fixtures.signupBody(slug)).replace("}", ",\"pointAnchorAmountMinor\": 1e400}"));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("pointAnchorAmountMinor");

        body = Fixtures.signupBody(slug);
        body.put("name", "牌".repeat(101));
        response = http().postJson(SIGNUPS, null, body);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("name");

        body = Fixtures.signupBody(slug);
        body.put("plan", "free");
        response = http().postJson(SIGNUPS, null, body);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("plan");

        // Nothing was registered: the same slug is still free for a good sign-up.
        assertThat(http().postJson(SIGNUPS, null, Fixtures.signupBody(slug)).status()).isEqualTo(202);
    }

    @Test
    void theApiDescriptionShowsTheSignUpAndItsResumptionAsPublic() {
        var paths = http().get("/v3/api-docs", null).json().get("paths");

        for (String path : List.of(SIGNUPS, SIGNUPS + "/{signupId}/resumption")) {
            var post = paths.get(path).get("post");
            assertThat(post.get("security")).as(path).isEmpty();
            assertThat(post.get("responses").has("202")).as(path).isTrue();
        }
        assertThat(paths.get(SIGNUPS + "/{signupId}/resumption").get("post").get("parameters").toString()).contains(SignupController.RESUME_TOKEN_HEADER);
    }

    private Http.Response resume(String id, String token, Object body) {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + SIGNUPS + "/" + id + "/resumption"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Http.json(body)));
        if (token != null) {
            request.header(SignupController.RESUME_TOKEN_HEADER, token);
        }
        try (var client = java.net.http.HttpClient.newHttpClient()) {
            var response = client.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            return new Http.Response(response.statusCode(), response.headers().map(), response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> fieldNames(JsonNode json) {
        var names = new ArrayList<>(json.propertyNames());
        Collections.sort(names);
        return names;
    }
}
