package io.jifen.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The stack's servers do not outlive the JVM that owns them, even one killed with SIGKILL. */
class OrphanedServersTest {

    private static final EnumSet<DevStack.Component> COMPONENTS = EnumSet.of(DevStack.Component.POSTGRES, DevStack.Component.ELASTICSEARCH);
    // Under runs/<this JVM's pid>-...: removed by a later test run if this one dies before its cleanup.
    private final Path home = DevStack.defaultHome().resolve("runs").resolve(ProcessHandle.current().pid() + "-owner-" + UUID.randomUUID());
    private Process owner;

    @Test
    void serversStopWhenTheirOwnerIsKilledAndTheNextRunStartsOnTheSameData() throws Exception {
        Files.createDirectories(home);
        Files.createSymbolicLink(home.resolve("dist"), DevStack.defaultHome().resolve("dist"));
        Path output = home.resolve("owner.log");
        owner = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp", System.getProperty("java.class.path"),
                StackOwner.class.getName(), home.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                .until(() -> !owner.isAlive() || Files.readString(output).contains("stack up"));
        assertThat(owner.isAlive()).as("the owner started its stack: %s", Files.exists(output) ? Files.readString(output) : "").isTrue();
        long elasticsearch = Watchdog.readGroup(home.resolve("local/elasticsearch/elasticsearch.pid")).orElseThrow();
        long postgres = Long.parseLong(Files.readAllLines(home.resolve("local/postgres/postmaster.pid")).getFirst().strip());
        assertThat(Watchdog.groupAlive(elasticsearch)).isTrue();
        assertThat(ProcessHandle.of(postgres)).isPresent();

        owner.destroyForcibly().waitFor();

        await().atMost(Duration.ofSeconds(Watchdog.GRACE_SECONDS + 30)).pollInterval(Duration.ofMillis(500))
                .until(() -> !Watchdog.groupAlive(elasticsearch) && ProcessHandle.of(postgres).isEmpty());
        try (var again = DevStack.persistent(home, COMPONENTS).start()) {
            assertThat(HttpProbe.answers200(again.elasticsearchUrl() + "/_cluster/health")).isTrue();
            try (var connection = again.superuserConnection("postgres"); var rs = connection.createStatement().executeQuery("select 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void aStartEndsOnlyWhatItsOwnPidFileNames() throws Exception {
        Files.createDirectories(home);
        Path mine = home.resolve("mine.pid");
        Path other = home.resolve("other.pid");
        Process left = start(mine);
        Process unrelated = start(other);
        try {
            long group = Watchdog.readGroup(mine).orElseThrow();
            Watchdog.endLeftover(mine);

            assertThat(Watchdog.groupAlive(group)).as("the group the pid file names").isFalse();
            assertThat(left.isAlive()).isFalse();
            assertThat(mine).doesNotExist();
            assertThat(unrelated.isAlive()).as("another directory's server").isTrue();
        } finally {
            Watchdog.endLeftover(other);
        }
    }

    @Test
    void aStartRefusesADataDirectoryWhoseOwnerStillRuns() throws Exception {
        Files.createDirectories(home);
        Path pidFile = home.resolve("shared.pid");
        Process server = start(pidFile);
        Process otherOwner = new ProcessBuilder("sleep", "600").start();
        try {
            long group = Watchdog.readGroup(pidFile).orElseThrow();
            Files.writeString(pidFile, group + " " + otherOwner.pid());

            assertThatThrownBy(() -> Watchdog.endLeftover(pidFile)).hasMessageContaining("another run (pid " + otherOwner.pid() + ")");
            assertThat(server.isAlive()).isTrue();
        } finally {
            otherOwner.destroyForcibly().waitFor();
            Files.writeString(pidFile, Long.toString(server.pid()));
            Watchdog.endLeftover(pidFile);
        }
    }

    private static Process start(Path pidFile) throws Exception {
        Process process = new ProcessBuilder(Watchdog.guarded(List.of("sleep", "600"), pidFile))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Watchdog.recordGroup(process, pidFile);
        return process;
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (owner != null) {
            owner.destroyForcibly().waitFor();
        }
        Watchdog.endLeftover(home.resolve("local/elasticsearch/elasticsearch.pid"));
        FileTrees.deleteRecursively(home);
    }
}
