package io.jifen.platform.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a Playwright project of {@code src/test/e2e} (package.json with exact versions, package-lock.json, its config
 * and tests) as a subprocess: the project is copied to {@code target/e2e}, {@code npm ci} installs it there when the
 * lock file changed (never a browser: Playwright drives Debian's Chromium, {@code /usr/bin/chromium} or
 * {@code E2E_CHROMIUM}), then {@code npx playwright test} runs with the given environment (the base URL, fixture values).
 * Shared by the mall's and the console's end-to-end tests.
 */
public final class Playwright {

    /** What a run printed, and how it ended. */
    public record Run(int exitCode, String output) {

        public boolean passed() {
            return exitCode == 0;
        }
    }

    private static final Duration INSTALL_LIMIT = Duration.ofMinutes(5);

    private final Path source;
    private final Path work;

    private Playwright(Path source, Path work) {
        this.source = source;
        this.work = work;
    }

    /** The project in {@code src/test/e2e} of the module the tests run in (Maven runs them from the module's directory). */
    public static Playwright project() {
        return new Playwright(Path.of("src/test/e2e").toAbsolutePath(), Path.of("target/e2e").toAbsolutePath());
    }

    /** Runs the project's tests (optionally only files matching {@code filters}) with these extra environment variables. */
    public Run test(Map<String, String> environment, Duration limit, String... filters) {
        try {
            copy();
            install();
            List<String> command = new ArrayList<>(List.of("npx", "--no-install", "playwright", "test"));
            command.addAll(List.of(filters));
            return run(command, environment, limit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void copy() throws IOException {
        Files.createDirectories(work);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !source.relativize(f).startsWith("node_modules")).toList()) {
                Path target = work.resolve(source.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** {@code npm ci} unless node_modules was installed from this very lock file. */
    private void install() throws IOException {
        Path stamp = work.resolve("node_modules/.jifen-lock");
        String lock = Files.readString(work.resolve("package-lock.json"));
        if (Files.exists(stamp) && Files.readString(stamp).equals(lock)) {
            return;
        }
        Run installed = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), INSTALL_LIMIT);
        if (!installed.passed()) {
            throw new IllegalStateException("npm ci failed in " + work + ":\n" + installed.output());
        }
        Files.writeString(stamp, lock);
    }

    private Run run(List<String> command, Map<String, String> environment, Duration limit) throws IOException {
        Path log = Files.createTempFile(work, "run-", ".log");
        var process = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        process.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        process.environment().put("CI", "1");
        process.environment().putAll(environment);
        Process started = process.start();
        try {
            if (!started.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                started.descendants().forEach(ProcessHandle::destroyForcibly);
                started.destroyForcibly();
                return new Run(-1, Files.readString(log, StandardCharsets.UTF_8) + "\n(stopped after " + limit + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            started.destroyForcibly();
            throw new IllegalStateException(e);
        }
        return new Run(started.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
