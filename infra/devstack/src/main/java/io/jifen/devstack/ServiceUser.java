package io.jifen.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL and Elasticsearch refuse to run as root. When the stack is started by root, they run as
 * the unprivileged {@code nobody} user through {@code setpriv}, and their directories are handed to it.
 */
final class ServiceUser {

    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
    private static final String NOBODY_ID = "65534";

    private ServiceUser() {
    }

    static boolean isRoot() {
        return ROOT;
    }

    static List<String> command(List<String> command) {
        if (!ROOT) {
            return command;
        }
        var wrapped = new ArrayList<String>(List.of("setpriv", "--reuid=" + NOBODY_ID, "--regid=" + NOBODY_ID, "--clear-groups"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Makes {@code path} (a directory created if missing, or a file) and everything in it owned by the service user. */
    static void own(Path path) {
        try {
            if (!Files.isRegularFile(path)) {
                Files.createDirectories(path);
            }
            if (ROOT) {
                Process chown = new ProcessBuilder("chown", "-R", NOBODY_ID + ":" + NOBODY_ID, path.toString())
                        .inheritIO().start();
                if (chown.waitFor() != 0) {
                    throw new IllegalStateException("chown of " + path + " failed");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
