package io.jifen.devstack;

import java.nio.file.Path;
import java.util.EnumSet;

/** A JVM that owns a persistent stack under the home given as its argument, for {@link OrphanedServersTest} to kill. */
public final class StackOwner {

    private StackOwner() {
    }

    public static void main(String[] args) throws InterruptedException {
        DevStack.persistent(Path.of(args[0]), EnumSet.of(DevStack.Component.POSTGRES, DevStack.Component.ELASTICSEARCH)).start();
        System.out.println("stack up");
        System.out.flush();
        Thread.currentThread().join();
    }
}
