package io.jifen.platform;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;

import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.KeycloakBuilder;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import io.jifen.devstack.DevStack;
import io.jifen.platform.identity.KeycloakDirectory;
import io.jifen.platform.ledger.Ledger;
import io.jifen.platform.mall.MallItems;
import io.jifen.platform.me.AutoLogin;
import io.jifen.platform.member.MemberDirectory;
import io.jifen.platform.member.MemberImport;
import io.jifen.platform.onboarding.OnboardingService;
import io.jifen.platform.onboarding.SignupRequest;
import io.jifen.platform.support.Signups;
import io.jifen.platform.support.StackProperties;
import io.jifen.platform.tenancy.TenantContext;

/**
 * The README's run command: starts the devstack (data kept between runs), then the platform against it, seeded
 * with two demo tenants and a platform operator. Ctrl-C stops everything.
 */
public class LocalJifen {

    static final String DEMO_PASSWORD = "jifen-demo-password";
    private static DevStack stack;

    public static void main(String[] args) {
        stack = DevStack.persistent(EnumSet.allOf(DevStack.Component.class)).start();
        stack.writeEnvironmentFile();
        var withStack = new java.util.ArrayList<>(List.of(args));
        StackProperties.of(stack).forEach((name, value) -> withStack.add("--" + name + "=" + value));
        if (System.getenv("JIFEN_NOTIFICATION_ALLOW_PRIVATE_HOSTS") == null) {
            // Locally, a brand's notification webhook is a receiver on this machine (http://127.0.0.1:...).
            withStack.add("--jifen.notification.allow-private-hosts=true");
        }
        if (System.getenv("JIFEN_MANAGEMENT_PORT") == null) {
            // The management port beside the API port, so that two local runs on different JIFEN_PORTs do not collide.
            withStack.add("--management.server.port=" + (Integer.parseInt(System.getenv().getOrDefault("JIFEN_PORT", "8080")) + 1));
        }
        SpringApplication.from(JifenApplication::main).with(DemoData.class).run(withStack.toArray(String[]::new));
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class DemoData {

        @Bean
        ApplicationRunner demoData(OnboardingService onboarding, MemberImport members,
                                   KeycloakDirectory directory, WebServerApplicationContext context, Environment environment, DemoMall mall) {
            return args -> {
                directory.ensurePlatformOperator("operator@jifen.local", "平台运营", DEMO_PASSWORD);
                var lines = new StringBuilder();
                for (var demo : List.of(
                        new String[] {"bella-baby", "贝拉母婴", "admin@bella-baby.local"},
                        new String[] {"trail-sports", "远径运动", "admin@trail-sports.local"})) {
                    var result = Signups.complete(onboarding, stack, new SignupRequest(demo[0], demo[1], demo[2], "品牌管理员", DEMO_PASSWORD,
                            null, null, null, null, null, null));
                    var tenant = result.tenant();
                    var client = result.apiClient();
                    TenantContext.callAs(tenant.id(), () -> members.importCsv(demoMembers(demo[0]), StandardCharsets.UTF_8,
                            MemberImport.OnError.REJECT));
                    // A fixed secret for the demo client (a real tenant's is random and shown once), so that the README's
                    // commands and a second run use the same one.
                    String secret = demoSecret(demo[0]);
                    setSecret(client.clientId(), secret);
                    lines.append("""
                              %s (%s)
                                admin login    %s / %s
                                API client     %s / %s
                            """.formatted(tenant.name(), tenant.slug(), demo[2], DEMO_PASSWORD, client.clientId(), secret));
                    try {
                        lines.append(TenantContext.callAs(tenant.id(), () -> mall.open(tenant.slug(), context.getWebServer().getPort())));
                    } catch (RuntimeException e) {
                        // The banner still shows everything else; the demo mall is a convenience.
                        lines.append("    mall           not prepared: ").append(e).append('\n');
                    }
                }
                int port = context.getWebServer().getPort();
                // Stripe's (the fake's) events go to this platform's webhook.
                stack.stripe().sendEventsToPlatformOn(port);
                String management = environment.getProperty("local.management.port", "?");
                System.out.printf("""

                        Jifen is running (Ctrl-C stops it and the stack)
                          API            http://127.0.0.1:%d/api/v1
                          OpenAPI        http://127.0.0.1:%d/swagger-ui.html
                          Probes         http://127.0.0.1:%d/livez  /readyz
                          Console        http://127.0.0.1:%d/console/  (sign-up: /console/signup)
                          Management     http://127.0.0.1:%s/actuator/health  /actuator/prometheus  (loopback only)
                          Keycloak       %s  (realm %s; Keycloak's own admin console: %s / %s)
                          Mail           %s/api/user/<address>/messages/INBOX  (what the local mail server received)
                          Stripe (fake)  %s  (test payment pages: /pay/<payment intent>)
                          Operator login operator@jifen.local / %s
                        Demo tenants
                        %s
                        A token for a brand's back end:
                          curl -s -d grant_type=client_credentials -d client_id=<client> -d client_secret=<secret> \\
                               %s/protocol/openid-connect/token
                        A person's token (the local demo's password client; the console itself logs in through the browser):
                          curl -s -d grant_type=password -d client_id=jifen-demo-cli -d username=<login> -d password=<password> \\
                               %s/protocol/openid-connect/token
                        %n""", port, port, port, port, management, stack.keycloakUrl(), DevStack.REALM, DevStack.KEYCLOAK_ADMIN,
                        DevStack.KEYCLOAK_ADMIN_PASSWORD, stack.mailApiUrl(), stack.stripe().apiBase(), DEMO_PASSWORD, lines, stack.issuerUri(), stack.issuerUri());
            };
        }

        @Bean
        DemoMall demoMall(AutoLogin autoLogin, MallItems items, Ledger ledger, MemberDirectory directory) {
            return new DemoMall(autoLogin, items, ledger, directory);
        }

        static String demoSecret(String slug) {
            return "demo-secret-" + slug;
        }

        private static void setSecret(String clientId, String secret) {
            try (var admin = KeycloakBuilder.builder().serverUrl(stack.keycloakUrl()).realm(DevStack.REALM)
                    .grantType(OAuth2Constants.CLIENT_CREDENTIALS).clientId(DevStack.ADMIN_CLIENT_ID)
                    .clientSecret(DevStack.ADMIN_CLIENT_SECRET).build()) {
                var clients = admin.realm(DevStack.REALM).clients();
                var client = clients.findByClientId(clientId).getFirst();
                client.setSecret(secret);
                clients.get(client.getId()).update(client);
            }
        }

        private static byte[] demoMembers(String slug) {
            return """
                    external_id,audience,display_name,mobile,region
                    %1$s-c-001,CONSUMER,林小雨,13800000001,上海
                    %1$s-c-002,CONSUMER,陈大文,13800000002,杭州
                    %1$s-e-001,EMPLOYEE,王芳,13800000003,上海
                    %1$s-d-001,DEALER,华东经销商,13800000004,南京
                    %1$s-g-001,SALES_GUIDE,导购小李,13800000005,苏州
                    """.formatted(slug).getBytes(StandardCharsets.UTF_8);
        }
    }
}
