package io.jifen.platform.identity;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.jifen.devstack.DevStack;
import io.jifen.platform.support.Browser;
import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.support.KeycloakAdmin;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A company's own identity provider, brokered: a second realm in the same Keycloak plays the company's, with a client
 * for the broker and an employee; the login is driven over HTTP as a browser would.
 */
class IdentityBrokerIT extends IntegrationTest {

    private static final String COMPANY_REALM = "company-sso";
    private static final String BROKER_CLIENT = "jifen-broker";
    private static final String BROKER_SECRET = "company-broker-secret-1234";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static Keycloak master;

    @BeforeAll
    static void theCompanysRealm() {
        master = KeycloakBuilder.builder().serverUrl(stack().keycloakUrl()).realm("master").grantType(OAuth2Constants.PASSWORD)
                .clientId("admin-cli").username(DevStack.KEYCLOAK_ADMIN).password(DevStack.KEYCLOAK_ADMIN_PASSWORD).build();
        if (master.realms().findAll().stream().anyMatch(r -> r.getRealm().equals(COMPANY_REALM))) {
            return;
        }
        var realm = new RealmRepresentation();
        realm.setRealm(COMPANY_REALM);
        realm.setEnabled(true);
        realm.setSslRequired("external");
        master.realms().create(realm);
        var client = new ClientRepresentation();
        client.setClientId(BROKER_CLIENT);
        client.setEnabled(true);
        client.setPublicClient(false);
        client.setSecret(BROKER_SECRET);
        client.setStandardFlowEnabled(true);
        client.setRedirectUris(List.of(stack().issuerUri() + "/broker/*"));
        client.setProtocol("openid-connect");
        try (Response created = master.realm(COMPANY_REALM).clients().create(client)) {
            assertThat(created.getStatus()).isEqualTo(201);
        }
    }

    @AfterAll
    static void close() {
        if (master != null) {
            master.close();
        }
    }

    @Test
    void anEmployeeSignsInAtTheCompanyArrivesAsAUserOfTheTenantAndOnceLinkedAsItsMember() throws Exception {
        var tenant = fixtures.tenant("brokered");
        String admin = fixtures.adminToken(tenant);
        String domain = tenant.slug() + "-corp.example.com";
        String email = "han.meimei@" + domain;
        companyUser(email, "Meimei", "Han");

        var created = http().postJson("/api/v1/identity-providers", admin, provider("corp", domain));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(BROKER_SECRET);
        String hint = created.json().get("hint").asString();
        assertThat(created.json().get("alias").asString()).isEqualTo("corp");
        assertThat(created.json().get("issuer").asString()).isEqualTo(stack().keycloakUrl() + "/realms/" + COMPANY_REALM);
        var listed = http().get("/api/v1/identity-providers", admin);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().values().stream().map(p -> p.get("alias").asString())).containsExactly("corp");
        assertThat(listed.body()).doesNotContain(BROKER_SECRET);
        assertThat(KeycloakAdmin.realm().identityProviders().get(hint).toRepresentation().getConfig().get("clientSecret"))
                .as("Keycloak keeps the secret").isNotEqualTo(BROKER_SECRET).isNotNull();

        JsonNode first = claims(brokerLogin(hint, email));
        assertThat(first.get("tenant_id").asString()).isEqualTo(tenant.id().toString());
        assertThat(first.has("member_id")).as("no member has the address yet: %s", first).isFalse();
        var user = KeycloakAdmin.realm().users().searchByEmail(email, true).getFirst();
        assertThat(user.getAttributes()).containsEntry("tenant_id", List.of(tenant.id().toString()));
        var organization = KeycloakAdmin.realm().organizations().searchByAttribute("tenant_id:" + tenant.id()).getFirst();
        assertThat(KeycloakAdmin.realm().organizations().get(organization.getId()).members().search(email, true, 0, 5))
                .extracting(m -> m.getId()).containsExactly(user.getId());

        String member = http().postJson("/api/v1/members", admin, Map.of("externalId", "corp-7", "audience", "EMPLOYEE")).json().get("id").asString();
        var linked = http().postJson("/api/v1/members/" + member + "/login", admin, Map.of("email", email));
        assertThat(linked.status()).as(linked.body()).isEqualTo(200);
        assertThat(linked.json().get("userId").asString()).isEqualTo(user.getId());

        String token = brokerLogin(hint, email);
        JsonNode second = claims(token);
        assertThat(second.get("member_id").asString()).isEqualTo(member);
        assertThat(second.get("tenant_id").asString()).isEqualTo(tenant.id().toString());
        var me = http().get("/api/v1/me", token);
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        assertThat(me.json().get("memberId").asString()).isEqualTo(member);

        var removed = http().send("DELETE", "/api/v1/identity-providers/corp", admin, null, null);
        assertThat(removed.status()).as(removed.body()).isEqualTo(204);
        assertThat(http().get("/api/v1/identity-providers", admin).json().size()).isZero();
        assertThat(KeycloakAdmin.realm().identityProviders().find(hint, true, 0, 1)).isEmpty();
        assertThat(KeycloakAdmin.realm().organizations().get(organization.getId()).toRepresentation().getDomain(domain)).isNull();
    }

    @Test
    void anotherTenantNeitherSeesNorRemovesAProviderNorTakesItsDomainAndBadInputIsRefusedNamingTheField() {
        var tenant = fixtures.tenant("idpowner");
        var other = fixtures.tenant("idpother");
        String admin = fixtures.adminToken(tenant);
        String otherAdmin = fixtures.adminToken(other);
        String domain = tenant.slug() + ".example.org";
        assertThat(http().postJson("/api/v1/identity-providers", admin, provider("sso", domain)).status()).isEqualTo(201);

        assertThat(http().get("/api/v1/identity-providers", otherAdmin).json().size()).isZero();
        assertThat(http().send("DELETE", "/api/v1/identity-providers/sso", otherAdmin, null, null).status()).isEqualTo(404);
        var taken = http().postJson("/api/v1/identity-providers", otherAdmin, provider("sso", domain));
        assertThat(taken.status()).as(taken.body()).isEqualTo(409);
        assertThat(taken.json().get("errors").get(0).get("field").asString()).isEqualTo("emailDomain");
        assertThat(http().get("/api/v1/identity-providers", otherAdmin).json().size()).as("nothing left behind").isZero();
        var twice = http().postJson("/api/v1/identity-providers", admin, provider("sso", "other." + domain));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().get("errors").get(0).get("field").asString()).isEqualTo("alias");

        Map<String, String> bad = Map.of(
                "issuer", "http://idp.example.com/realms/x",
                "emailDomain", "not a domain",
                "alias", "Has Spaces",
                "clientSecret", "");
        bad.forEach((field, value) -> {
            var body = new java.util.HashMap<>(provider("bad", "bad." + domain));
            body.put(field, value);
            var refused = http().postJson("/api/v1/identity-providers", admin, body);
            assertThat(refused.status()).as("%s=%s: %s", field, value, refused.body()).isEqualTo(400);
            assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
        });
        var body = new java.util.HashMap<>(provider("nodoc", "nodoc." + domain));
        body.put("issuer", stack().keycloakUrl() + "/realms/no-such-realm");
        var undiscoverable = http().postJson("/api/v1/identity-providers", admin, body);
        assertThat(undiscoverable.status()).as(undiscoverable.body()).isEqualTo(400);
        assertThat(undiscoverable.json().get("errors").get(0).get("field").asString()).isEqualTo("issuer");
        assertThat(http().get("/api/v1/identity-providers", admin).json().values().stream().map(p -> p.get("alias").asString()))
                .containsExactly("sso");
        assertThat(http().postJson("/api/v1/identity-providers", fixtures.apiToken(tenant), provider("api", "api." + domain)).status())
                .isEqualTo(403);
    }

    private static Map<String, String> provider(String alias, String domain) {
        return Map.of("alias", alias, "displayName", "Corp SSO", "issuer", stack().keycloakUrl() + "/realms/" + COMPANY_REALM,
                "clientId", BROKER_CLIENT, "clientSecret", BROKER_SECRET, "emailDomain", domain);
    }

    private static void companyUser(String email, String firstName, String lastName) {
        var user = new UserRepresentation();
        user.setUsername(email);
        user.setEmail(email);
        user.setEmailVerified(true);
        user.setFirstName(firstName);
        user.setLastName(lastName);
        user.setEnabled(true);
        var password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(Fixtures.PASSWORD);
        password.setTemporary(false);
        user.setCredentials(List.of(password));
        try (Response created = master.realm(COMPANY_REALM).users().create(user)) {
            CreatedResponseUtil.getCreatedId(created);
        }
    }

    /**
     * The console's code flow with {@code kc_idp_hint}: Jifen's Keycloak sends the browser to the company's login, whose
     * form is posted, then back through the broker to the console's redirect URI, whose code is exchanged for a token.
     */
    private static String brokerLogin(String hint, String email) throws Exception {
        String keycloak = stack().keycloakUrl();
        String verifier = "broker-verifier-" + "v".repeat(50);
        String challenge = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String redirect = "http://127.0.0.1/callback";
        String query = Map.of("client_id", "jifen-console", "response_type", "code", "scope", "openid", "redirect_uri", redirect,
                        "code_challenge", challenge, "code_challenge_method", "S256", "kc_idp_hint", hint)
                .entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        var browser = new Browser();
        var companyLogin = browser.follow(browser.get(stack().issuerUri() + "/protocol/openid-connect/auth?" + query), keycloak);
        assertThat(companyLogin.uri().getPath()).as("the company's login page: %s", companyLogin.body()).contains("/realms/" + COMPANY_REALM + "/");
        var answer = browser.follow(browser.post(Browser.formAction(companyLogin),
                Map.of("username", email, "password", Fixtures.PASSWORD, "credentialId", "")), keycloak);
        assertThat(Browser.isRedirect(answer)).as("back at the console: %s %s", answer.uri(), answer.body()).isTrue();
        String location = Browser.location(answer).orElseThrow();
        assertThat(location).startsWith(redirect);
        var code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
        assertThat(code.find()).as(location).isTrue();
        var tokens = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack().issuerUri() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Browser.form(Map.of("grant_type", "authorization_code", "client_id", "jifen-console",
                        "code", java.net.URLDecoder.decode(code.group(1), StandardCharsets.UTF_8), "redirect_uri", redirect,
                        "code_verifier", verifier)))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        return JSON.readTree(tokens.body()).get("access_token").asString();
    }

    private static JsonNode claims(String token) {
        return JSON.readTree(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
    }
}
