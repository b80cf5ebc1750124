package io.jifen.devstack;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.jar.JarFile;

import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A server distribution taken from the local Maven repository and unpacked once into a shared cache.
 */
final class Distribution {

    private static final Properties ARTIFACTS = load();

    private final String name;

    Distribution(String name) {
        this.name = name;
    }

    String version() {
        return ARTIFACTS.getProperty(name + ".version");
    }

    /** Unpacks the distribution into {@code cache} unless a previous run did, and returns its directory. */
    Path unpackInto(Path cache) {
        Path target = cache.resolve(name + "-" + version());
        if (Files.isDirectory(target)) {
            return target;
        }
        Path archive = archive();
        try {
            Files.createDirectories(cache);
            Path staging = cache.resolve(".unpack-" + UUID.randomUUID());
            if (archive.toString().endsWith(".zip")) {
                unzip(archive, staging);
            } else {
                untarEmbeddedTxz(archive, staging.resolve(name));
            }
            Path root = singleTopDirectory(staging);
            try {
                Files.move(root, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException concurrentUnpack) {
                if (!Files.isDirectory(target)) {
                    throw concurrentUnpack;
                }
            }
            FileTrees.deleteRecursively(staging);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not unpack " + archive, e);
        }
    }

    /** The distribution's file in the local Maven repository. */
    Path archive() {
        Path archive = localRepository().resolve(ARTIFACTS.getProperty(name + ".artifact"));
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException(archive + " is missing: build the project first (./mvnw install -DskipTests)"
                    + " so that Maven downloads the " + name + " distribution from Maven Central");
        }
        return archive;
    }

    static Path localRepository() {
        String configured = System.getProperty("maven.repo.local", System.getenv("MAVEN_REPO_LOCAL"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    private static Path singleTopDirectory(Path staging) throws IOException {
        try (var children = Files.list(staging)) {
            var all = children.toList();
            if (all.size() != 1 || !Files.isDirectory(all.getFirst())) {
                throw new IOException("expected one top directory in the distribution, found " + all);
            }
            return all.getFirst();
        }
    }

    private static void unzip(Path archive, Path into) throws IOException {
        try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
            Enumeration<ZipArchiveEntry> entries = zip.getEntries();
            while (entries.hasMoreElements()) {
                ZipArchiveEntry entry = entries.nextElement();
                Path path = safeResolve(into, entry);
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    continue;
                }
                Files.createDirectories(path.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, path);
                }
                applyMode(path, entry.getUnixMode());
            }
        }
    }

    private static void untarEmbeddedTxz(Path jar, Path into) throws IOException {
        try (JarFile jarFile = new JarFile(jar.toFile())) {
            var txz = jarFile.stream().filter(e -> e.getName().endsWith(".txz")).findFirst()
                    .orElseThrow(() -> new IOException("no .txz archive inside " + jar));
            try (InputStream raw = new BufferedInputStream(jarFile.getInputStream(txz));
                 TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(raw))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    Path path = safeResolve(into, entry);
                    if (entry.isDirectory()) {
                        Files.createDirectories(path);
                    } else if (entry.isSymbolicLink()) {
                        Files.createDirectories(path.getParent());
                        Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                    } else {
                        Files.createDirectories(path.getParent());
                        Files.copy(tar, path);
                        applyMode(path, entry.getMode());
                    }
                }
            }
        }
    }

    private static Path safeResolve(Path into, ArchiveEntry entry) throws IOException {
        Path path = into.resolve(entry.getName()).normalize();
        if (!path.startsWith(into)) {
            throw new IOException("archive entry escapes the target directory: " + entry.getName());
        }
        return path;
    }

    private static void applyMode(Path file, int mode) throws IOException {
        Set<PosixFilePermission> permissions = new HashSet<>(Set.of(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ));
        if ((mode & 0111) != 0) {
            permissions.addAll(Set.of(PosixFilePermission.OWNER_EXECUTE,
                    PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE));
        }
        Files.setPosixFilePermissions(file, permissions);
    }

    private static Properties load() {
        var properties = new Properties();
        try (InputStream in = Distribution.class.getResourceAsStream("/jifen-devstack.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
