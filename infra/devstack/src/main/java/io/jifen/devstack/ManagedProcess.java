package io.jifen.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server running as a child process, with its output in a log file. It runs under a {@link Watchdog}, so it stops
 * when this JVM is gone however it ended, and a start first ends what a dead run left running in the same directory.
 */
final class ManagedProcess {

    private static final Logger log = LoggerFactory.getLogger(ManagedProcess.class);

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Path pidFile;

    private ManagedProcess(String name, Process process, Path logFile, Path pidFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.pidFile = pidFile;
    }

    static ManagedProcess start(String name, List<String> command, Map<String, String> environment, Path workDir, Path logFile) {
        try {
            Files.createDirectories(logFile.getParent());
            // One pid file per server and data directory: what a killed run left is ended here, nothing else.
            Path pidFile = workDir.resolve(name + ".pid");
            Watchdog.endLeftover(pidFile);
            var builder = new ProcessBuilder(Watchdog.guarded(command, pidFile))
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(environment);
            log.info("starting {}: {}", name, String.join(" ", command));
            Process process = builder.start();
            Watchdog.recordGroup(process, pidFile);
            return new ManagedProcess(name, process, logFile, pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name, e);
        }
    }

    void awaitReady(Duration timeout, BooleanSupplier ready) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; its log ends with:\n" + tail());
            }
            if (ready.getAsBoolean()) {
                return;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        stop();
        throw new IllegalStateException(name + " was not ready within " + timeout + "; its log ends with:\n" + tail());
    }

    /** Asks the process and everything it started to stop, and kills what is left after the grace period. */
    void stop() {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                log.warn("{} did not stop within 30 s; killing it", name);
                process.destroyForcibly();
            }
            for (ProcessHandle child : descendants) {
                child.onExit().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            descendants.forEach(ProcessHandle::destroyForcibly);
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            log.warn("could not delete {}: {}", pidFile, e.toString());
        }
    }

    String tail() {
        try {
            List<String> lines = new String(Files.readAllBytes(logFile), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log at " + logFile + ")";
        }
    }
}
