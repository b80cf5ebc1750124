package io.jifen.platform.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.stereotype.Component;

import io.jifen.platform.identity.KeycloakDirectory;
import io.jifen.platform.onboarding.OnboardingService;
import io.jifen.platform.onboarding.SignupRequest;

/** Tenants and tokens for tests, made through the real onboarding and the real Keycloak. */
@Component
public class Fixtures {

    public record TenantFixture(UUID id, String slug, String adminEmail, String adminPassword, String apiClientId, String apiClientSecret) {
    }

    public static final String PASSWORD = "correct-horse-battery-staple";
    private final OnboardingService onboarding;
    private final KeycloakDirectory directory;

    Fixtures(OnboardingService onboarding, KeycloakDirectory directory) {
        this.onboarding = onboarding;
        this.directory = directory;
    }

    public static String uniqueSlug(String prefix) {
        return prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }

    public static Map<String, Object> signupBody(String slug) {
        var body = new LinkedHashMap<String, Object>();
        body.put("slug", slug);
        body.put("name", "品牌 " + slug);
        body.put("adminEmail", "admin@" + slug + ".example.com");
        body.put("adminName", "管理员");
        body.put("adminPassword", PASSWORD);
        return body;
    }

    public TenantFixture tenant(String prefix) {
        String slug = uniqueSlug(prefix);
        String email = "admin@" + slug + ".example.com";
        var result = onboarding.signUp(new SignupRequest(slug, "品牌 " + slug, email, "管理员", PASSWORD,
                null, null, null, null, null, null));
        return new TenantFixture(result.tenant().id(), slug, email, PASSWORD, result.apiClient().clientId(), result.apiClient().secret());
    }

    public String adminToken(TenantFixture tenant) {
        return Tokens.password(TestStack.get(), tenant.adminEmail(), tenant.adminPassword());
    }

    public String apiToken(TenantFixture tenant) {
        return Tokens.clientCredentials(TestStack.get(), tenant.apiClientId(), tenant.apiClientSecret());
    }

    public String operatorToken() {
        directory.ensurePlatformOperator("operator@jifen.test", "Operator", PASSWORD);
        return Tokens.password(TestStack.get(), "operator@jifen.test", PASSWORD);
    }
}
