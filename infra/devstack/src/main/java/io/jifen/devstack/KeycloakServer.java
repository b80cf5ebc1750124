package io.jifen.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keycloak in development mode, storing its data in the stack's PostgreSQL, with the Jifen realm imported through the
 * admin API on first start. The local stack adds what production's realm must not have: {@code jifen-demo-clients.json},
 * a public client with the password grant for the README's curl examples and the tests.
 *
 * <p>Not {@code --import-realm}: it reads the distribution's {@code data/import}, which every stack on the machine
 * shares (the distribution is unpacked once), so a stack started from another checkout at the same time could have
 * its realm file imported instead.
 */
final class KeycloakServer {

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    /** {@code ${NAME}} or {@code ${NAME:default}} in the realm file, as Keycloak's own import resolves them. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.]+)(?::([^}]*))?}");

    private final Path distribution;
    private final Path home;
    private final Path javaHome;
    private final int httpPort;
    private final int managementPort;
    private final HttpClient http = HttpClient.newHttpClient();
    private ManagedProcess process;

    KeycloakServer(Path distribution, Path home, Path javaHome, int httpPort, int managementPort) {
        this.distribution = distribution;
        this.home = home.resolve("keycloak");
        this.javaHome = javaHome;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
    }

    String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    /**
     * Starts Keycloak and imports {@code realmFile} unless the realm exists already, with its placeholders filled from
     * {@code realmVariables} (also Keycloak's environment, which holds the bootstrap administrator the import uses).
     */
    void start(Path realmFile, String jdbcUrl, String dbUser, String dbPassword, Map<String, String> realmVariables, Duration timeout) {
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path themes = installThemes();
        List<String> command = List.of(
                distribution.resolve("bin/kc.sh").toString(),
                "start-dev",
                "--http-host=127.0.0.1",
                "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                "--health-enabled=true",
                // The realm's login theme (infra/keycloak/themes), from this stack's own copy: the distribution's themes
                // directory is shared by every stack on the machine.
                "--spi-theme--folder--dir=" + themes,
                "--cache=local",
                "--db=postgres",
                "--db-url=" + jdbcUrl,
                "--db-username=" + dbUser,
                "--db-password=" + dbPassword,
                // With brute-force protection on, Keycloak refuses a login while another of the same user is under way
                // ("user temporarily disabled"): two logins in the same second must both work. A server option, not a
                // realm setting: production's Keycloak needs it too (docs/architecture.md, Identity).
                "--spi-brute-force-protector--default-brute-force-detector--allow-concurrent-requests=true");
        var environment = new java.util.HashMap<String, String>(realmVariables);
        environment.put("JAVA_HOME", javaHome.toString());
        environment.put("JAVA_OPTS_KC_HEAP", "-Xms128m -Xmx768m");
        process = ManagedProcess.start("keycloak", command, environment, home, home.resolve("console.log"));
        process.awaitReady(timeout, () -> HttpProbe.answers200("http://127.0.0.1:" + managementPort + "/health/ready"));
        try {
            importRealm(realmFile, realmVariables);
            importDemoClients(realmVariables.get("JIFEN_ADMIN_CLIENT_SECRET"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The files of infra/keycloak/themes, listed: a class path offers no directory listing inside a jar. */
    private static final List<String> THEME_FILES = List.of("jifen/login/theme.properties", "jifen/login/template.ftl");

    private Path installThemes() {
        Path themes = home.resolve("themes");
        try {
            for (String file : THEME_FILES) {
                try (InputStream in = KeycloakServer.class.getResourceAsStream("/keycloak/themes/" + file)) {
                    if (in == null) {
                        throw new IllegalStateException("keycloak/themes/" + file + " is not on the classpath");
                    }
                    Path target = themes.resolve(file);
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return themes;
    }

    private void importRealm(Path realmFile, Map<String, String> variables) throws IOException, InterruptedException {
        String admin = token("master", "grant_type=password&client_id=admin-cli&username=" + form(variables.get("KC_BOOTSTRAP_ADMIN_USERNAME"))
                + "&password=" + form(variables.get("KC_BOOTSTRAP_ADMIN_PASSWORD")));
        var existing = http.send(HttpRequest.newBuilder(URI.create(url() + "/admin/realms/" + DevStack.REALM))
                .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.discarding());
        if (existing.statusCode() == 200) {
            return;
        }
        String realm = PLACEHOLDER.matcher(Files.readString(realmFile)).replaceAll(placeholder -> Matcher.quoteReplacement(
                variables.getOrDefault(placeholder.group(1), placeholder.group(2) != null ? placeholder.group(2) : placeholder.group())));
        var imported = http.send(HttpRequest.newBuilder(URI.create(url() + "/admin/realms"))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(realm)).build(), HttpResponse.BodyHandlers.ofString());
        if (imported.statusCode() != 201) {
            throw new IllegalStateException("importing the realm failed: " + imported.statusCode() + " " + imported.body());
        }
    }

    /** Adds the demo clients through the admin API (a partial import that skips what a previous run added). */
    private void importDemoClients(String adminClientSecret) throws IOException, InterruptedException {
        try (InputStream in = KeycloakServer.class.getResourceAsStream("/keycloak/jifen-demo-clients.json")) {
            if (in == null) {
                throw new IllegalStateException("keycloak/jifen-demo-clients.json is not on the classpath");
            }
            String admin = token(DevStack.REALM, "grant_type=client_credentials&client_id=" + DevStack.ADMIN_CLIENT_ID
                    + "&client_secret=" + form(adminClientSecret));
            var imported = http.send(HttpRequest.newBuilder(URI.create(url() + "/admin/realms/" + DevStack.REALM + "/partialImport"))
                    .header("Authorization", "Bearer " + admin)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(in.readAllBytes()))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (imported.statusCode() != 200) {
                throw new IllegalStateException("importing the demo clients failed: " + imported.statusCode() + " " + imported.body());
            }
        }
    }

    private String token(String realm, String form) throws IOException, InterruptedException {
        var response = http.send(HttpRequest.newBuilder(URI.create(url() + "/realms/" + realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher accessToken = ACCESS_TOKEN.matcher(response.body());
        if (response.statusCode() != 200 || !accessToken.find()) {
            throw new IllegalStateException("no admin token from realm " + realm + ": " + response.statusCode() + " " + response.body());
        }
        return accessToken.group(1);
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    void stop() {
        if (process != null) {
            process.stop();
        }
    }
}
