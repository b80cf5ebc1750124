package io.jifen.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Keycloak in development mode, storing its data in the stack's PostgreSQL and importing the Jifen realm on
 * first start.
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
    }

    void stop() {
        if (process != null) {
            process.stop();
        }
    }
}
