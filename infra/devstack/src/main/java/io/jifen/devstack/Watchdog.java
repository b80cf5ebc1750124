package io.jifen.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the stack's servers from outliving the JVM that started them, even when that JVM is killed with SIGKILL and
 * its shutdown hook never runs.
 *
 * <p>A server runs under a small shell in a session of its own ({@code setsid}), so that the server and everything
 * it starts form one process group. The shell polls the owning JVM's pid; when the JVM is gone it asks the server to
 * stop (SIGTERM) and kills the group after a grace period. Linux's parent-death signal ({@code setpriv --pdeathsig})
 * does not fit: it fires when the <em>thread</em> that forked the child ends (the stack starts servers from pool
 * threads), and the kernel clears it when {@code setpriv} changes the user for PostgreSQL and Elasticsearch as root.
 *
 * <p>The group's id is written to a pid file in the server's data directory. A later start with the same data directory
 * ends what that file names first, so that a run killed a moment ago (its watchdog still stopping the servers) cannot
 * hold Elasticsearch's node lock or PostgreSQL's data directory; a run whose JVM still lives is refused instead.
 * Processes of other data directories are never touched.
 */
final class Watchdog {

    private static final Logger log = LoggerFactory.getLogger(Watchdog.class);
    /** The seconds a server gets to stop after its owner died, before its group is killed. */
    static final int GRACE_SECONDS = 30;

    /**
     * $1 the owner's pid, $2 the pid file, then the server's command. The server gets SIGTERM when the shell does
     * (a normal stop) or when the owner is gone; whatever of its group is left after the grace period gets SIGKILL.
     */
    private static final String SERVER_SCRIPT = """
            owner=$1; pidfile=$2; shift 2
            "$@" </dev/null &
            child=$!
            (
              trap '' TERM
              while kill -0 "$owner" 2>/dev/null; do sleep 1; done
              kill -TERM "$child" 2>/dev/null
              i=0
              while kill -0 "$child" 2>/dev/null && [ "$i" -lt %d ]; do sleep 1; i=$((i + 1)); done
              rm -f "$pidfile"
              kill -KILL -$$
            ) &
            watcher=$!
            trap 'kill -TERM "$child" 2>/dev/null' TERM INT
            while :; do
              wait "$child"; status=$?
              kill -0 "$child" 2>/dev/null || break
            done
            if kill -0 "$owner" 2>/dev/null; then kill -KILL "$watcher" 2>/dev/null; fi
            exit "$status"
            """.formatted(GRACE_SECONDS);

    /** $1 the owner's pid, then the command that stops the server (PostgreSQL runs detached, started by pg_ctl). */
    private static final String STOPPER_SCRIPT = """
            owner=$1; shift
            trap '' TERM
            while kill -0 "$owner" 2>/dev/null; do sleep 1; done
            exec "$@"
            """;

    private Watchdog() {
    }

    /** {@code command} run in a session of its own, under a shell that stops it when this JVM is gone. */
    static List<String> guarded(List<String> command, Path pidFile) {
        var wrapped = new ArrayList<String>(List.of("setsid", "/bin/sh", "-c", SERVER_SCRIPT, "jifen-watchdog",
                Long.toString(ProcessHandle.current().pid()), pidFile.toString()));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Records the group of a guarded server, started as {@code process}, and its owner (this JVM) in its pid file. */
    static void recordGroup(Process process, Path pidFile) {
        try {
            Files.writeString(pidFile, process.pid() + " " + ProcessHandle.current().pid());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a process that runs {@code stopCommand} once this JVM is gone, for a server that detaches itself. Destroy
     * the returned process after stopping the server normally.
     */
    static Process runWhenOwnerDies(List<String> stopCommand, Path logFile) {
        var command = new ArrayList<String>(List.of("setsid", "/bin/sh", "-c", STOPPER_SCRIPT, "jifen-stopper",
                Long.toString(ProcessHandle.current().pid())));
        command.addAll(stopCommand);
        try {
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the watchdog for " + String.join(" ", stopCommand), e);
        }
    }

    /**
     * Ends the process group a previous run recorded in {@code pidFile}, if it still runs: SIGTERM to the server's
     * shell (which passes it on), SIGKILL to the group after the grace period. Removes the pid file. Refuses to touch a
     * server whose owner still runs: two runs cannot share a data directory.
     */
    static void endLeftover(Path pidFile) {
        Optional<Long> group = readGroup(pidFile);
        if (group.isEmpty()) {
            return;
        }
        long pgid = group.get();
        Optional<Long> owner = readOwner(pidFile);
        if (owner.isPresent() && owner.get() != ProcessHandle.current().pid()
                && ProcessHandle.of(owner.get()).map(ProcessHandle::isAlive).orElse(false) && groupAlive(pgid)) {
            throw new IllegalStateException("another run (pid " + owner.get() + ") uses " + pidFile.getParent() + "; stop it first");
        }
        if (groupAlive(pgid)) {
            ProcessHandle leader = ProcessHandle.of(pgid).orElse(null);
            boolean ours = leader == null || leader.info().arguments().map(args -> List.of(args).contains(pidFile.toString())).orElse(true);
            if (ours) {
                log.warn("processes of a previous run (group {}, {}) still run: stopping them", pgid, pidFile);
                if (leader != null) {
                    leader.destroy();
                }
                Instant deadline = Instant.now().plus(Duration.ofSeconds(GRACE_SECONDS));
                while (groupAlive(pgid) && Instant.now().isBefore(deadline)) {
                    pause();
                }
                if (groupAlive(pgid)) {
                    signalGroup("KILL", pgid);
                    deadline = Instant.now().plus(Duration.ofSeconds(10));
                    while (groupAlive(pgid) && Instant.now().isBefore(deadline)) {
                        pause();
                    }
                }
            }
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Optional<Long> readGroup(Path pidFile) {
        return field(pidFile, 0);
    }

    private static Optional<Long> readOwner(Path pidFile) {
        return field(pidFile, 1);
    }

    private static Optional<Long> field(Path pidFile, int index) {
        try {
            String[] fields = Files.readString(pidFile, StandardCharsets.UTF_8).strip().split(" ");
            return fields.length <= index || fields[index].isEmpty() || !fields[index].chars().allMatch(Character::isDigit)
                    ? Optional.empty() : Optional.of(Long.parseLong(fields[index]));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether any process of group {@code pgid} is alive (a pgid is not reused while a member lives). */
    static boolean groupAlive(long pgid) {
        return signalGroup("0", pgid) == 0;
    }

    private static int signalGroup(String signal, long pgid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + pgid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                return -1;
            }
            return kill.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
