package io.github.redismem.testing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kills, when the JVM exits, every Redis process a test forgot to close or could not close because it failed.
 *
 * <p>Static because a shutdown hook is per JVM: this is the one place where the harness keeps global state. It cannot
 * help when the JVM itself is killed with SIGKILL.
 */
final class ProcessReaper {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ProcessReaper::killAll, "redis-test-reaper"));
    }

    private ProcessReaper() {
    }

    static void register(Process process) {
        LIVE.add(process);
    }

    static void unregister(Process process) {
        LIVE.remove(process);
    }

    private static void killAll() {
        // SIGKILL, because SIGTERM stays pending in a process stopped by freeze().
        LIVE.forEach(Process::destroyForcibly);
    }
}
