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
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keycloak in development mode, storing its data in the stack's PostgreSQL and importing the Jifen realm on
 * first start. The local stack adds what production's realm must not have: {@code jifen-demo-clients.json}, a public
 * client with the password grant for the README's curl examples and the tests.
 */
final class KeycloakServer {

    private final Path distribution;
    private final Path home;
    private final Path javaHome;
    private final int httpPort;
    private final int managementPort;
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

    void start(Path realmFile, String jdbcUrl, String dbUser, String dbPassword, Map<String, String> realmVariables, Duration timeout) {
        // --import-realm reads the distribution's data/import; a realm that exists already is left as it is.
        Path importDir = distribution.resolve("data/import");
        try {
            Files.createDirectories(home);
            Files.createDirectories(importDir);
            Files.copy(realmFile, importDir.resolve(realmFile.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = List.of(
                distribution.resolve("bin/kc.sh").toString(),
                "start-dev",
                "--http-host=127.0.0.1",
                "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                "--health-enabled=true",
                "--cache=local",
                "--db=postgres",
                "--db-url=" + jdbcUrl,
                "--db-username=" + dbUser,
                "--db-password=" + dbPassword,
                "--import-realm");
        var environment = new java.util.HashMap<String, String>(realmVariables);
        environment.put("JAVA_HOME", javaHome.toString());
        environment.put("JAVA_OPTS_KC_HEAP", "-Xms128m -Xmx768m");
        process = ManagedProcess.start("keycloak", command, environment, home, home.resolve("console.log"));
        process.awaitReady(timeout, () -> HttpProbe.answers200("http://127.0.0.1:" + managementPort + "/health/ready"));
        importDemoClients(realmVariables.get("JIFEN_ADMIN_CLIENT_SECRET"));
    }

    /** Adds the demo clients through the admin API (a partial import that skips what a previous run added). */
    private void importDemoClients(String adminClientSecret) {
        try (InputStream in = KeycloakServer.class.getResourceAsStream("/keycloak/jifen-demo-clients.json");
             var http = HttpClient.newHttpClient()) {
            if (in == null) {
                throw new IllegalStateException("keycloak/jifen-demo-clients.json is not on the classpath");
            }
            String realm = url() + "/realms/" + DevStack.REALM;
            var token = http.send(HttpRequest.newBuilder(URI.create(realm + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + DevStack.ADMIN_CLIENT_ID
                            + "&client_secret=" + URLEncoder.encode(adminClientSecret, StandardCharsets.UTF_8)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            Matcher accessToken = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(token.body());
            if (token.statusCode() != 200 || !accessToken.find()) {
                throw new IllegalStateException("no admin token for the demo clients: " + token.statusCode() + " " + token.body());
            }
            var imported = http.send(HttpRequest.newBuilder(URI.create(url() + "/admin/realms/" + DevStack.REALM + "/partialImport"))
                    .header("Authorization", "Bearer " + accessToken.group(1))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(in.readAllBytes()))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (imported.statusCode() != 200) {
                throw new IllegalStateException("importing the demo clients failed: " + imported.statusCode() + " " + imported.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void stop() {
        if (process != null) {
            process.stop();
        }
    }
}
