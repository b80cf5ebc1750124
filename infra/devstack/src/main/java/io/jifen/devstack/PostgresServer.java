package io.jifen.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A PostgreSQL server from the zonky binaries, initialised on first start and reused afterwards. */
final class PostgresServer {

    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);
    static final String SUPERUSER = "postgres";

    private final Path binaries;
    private final Path dataDir;
    private final Path logFile;
    private final String superuserPassword;
    private final int port;
    private Process stopper;

    PostgresServer(Path binaries, Path home, String superuserPassword, int port) {
        this.binaries = binaries;
        this.dataDir = home.resolve("postgres");
        this.logFile = home.resolve("logs/postgres.log");
        this.superuserPassword = superuserPassword;
        this.port = port;
    }

    int port() {
        return port;
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    void start() {
        try {
            Files.createDirectories(logFile.getParent());
            if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
                initdb();
            } else if (Files.exists(dataDir.resolve("postmaster.pid"))) {
                // A previous run was killed: stop its server if it still runs, pg_ctl ignores a stale pid file.
                run(List.of(bin("pg_ctl"), "stop", "-D", dataDir.toString(), "-m", "fast", "-w"), false);
            }
            ServiceUser.own(logFile.getParent());
            Files.deleteIfExists(logFile);
            var options = "-c listen_addresses=127.0.0.1 -p " + port + " -c unix_socket_directories='' -c max_connections=300"
                    // Statement statistics for performance work: create extension pg_stat_statements, then query its view.
                    + " -c shared_preload_libraries=pg_stat_statements"
                    // Sized for a working set of millions of ledger rows, as a production server would be (defaults: 128MB, 1GB).
                    + " -c shared_buffers=512MB -c max_wal_size=4GB";
            run(List.of(bin("pg_ctl"), "start", "-D", dataDir.toString(), "-w", "-t", "60", "-l", logFile.toString(), "-o", options), true);
            // pg_ctl detaches the server from this JVM: a watchdog stops it when the JVM is gone without stopping it.
            stopper = Watchdog.runWhenOwnerDies(ServiceUser.command(new ArrayList<>(stopCommand())), logFile.resolveSibling("postgres-watchdog.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void stop() {
        run(stopCommand(), false);
        if (stopper != null) {
            stopper.destroyForcibly();
        }
    }

    private List<String> stopCommand() {
        return List.of(bin("pg_ctl"), "stop", "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "60");
    }

    Connection connectAsSuperuser(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, superuserPassword);
    }

    private void initdb() throws IOException {
        ServiceUser.own(dataDir);
        Path passwordFile = dataDir.resolveSibling("postgres.pw");
        Files.writeString(passwordFile, superuserPassword);
        ServiceUser.own(passwordFile);
        try {
            run(List.of(bin("initdb"), "-D", dataDir.toString(), "-U", SUPERUSER, "-A", "scram-sha-256",
                    "--pwfile=" + passwordFile, "-E", "UTF8", "--no-locale"), true);
        } finally {
            Files.deleteIfExists(passwordFile);
        }
    }

    private String bin(String program) {
        return binaries.resolve("bin").resolve(program).toString();
    }

    private void run(List<String> command, boolean mustSucceed) {
        try {
            var process = new ProcessBuilder(ServiceUser.command(new ArrayList<>(command)))
                    .directory(dataDir.getParent().toFile())
                    .redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish");
            }
            if (process.exitValue() != 0 && mustSucceed) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output + tailOfLog());
            }
            log.debug("{}: {}", command.get(0), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String tailOfLog() {
        try {
            var lines = Files.readString(logFile).lines().toList();
            return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

}
