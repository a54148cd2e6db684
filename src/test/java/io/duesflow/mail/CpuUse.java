package io.duesflow.mail;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where the processor time of a benchmark went, in milliseconds per unit of work: each group of the JVM's threads
 * (by name, numbers left out), what no visible thread accounts for (the JIT compiler, the garbage collector, the VM),
 * and the JVM's child processes (the embedded PostgreSQL). On a machine shared with other work the wall clock says
 * little; processor time per mail is what decides the rate on two free cores. Public: the dunning benchmark counts the
 * processor time of its selection and approval with it.
 */
public final class CpuUse {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long CLOCK_TICK_NANOS = 10_000_000L;  // USER_HZ = 100 on Linux

    /** Processor time so far: the JVM's, per thread, and its child processes'. */
    public record Snapshot(long processNanos, long compilationMillis, long gcMillis, Map<Long, ThreadTime> threads,
                    Map<Long, ThreadTime> vmThreads, long childProcessNanos) {
    }

    public record ThreadTime(String group, long cpuNanos) {
    }

    private CpuUse() {
    }

    static Snapshot now() {
        return now(null);
    }

    /**
     * Also counts processes whose command line holds {@code marker} (a database folder: the embedded PostgreSQL's
     * server leaves the JVM's process tree when it starts in the background), with their children.
     */
    public static Snapshot now(String marker) {
        Map<Long, ThreadTime> threads = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            long cpu = THREADS.getThreadCpuTime(id);
            ThreadInfo info = THREADS.getThreadInfo(id);
            if (cpu >= 0 && info != null) {
                threads.put(id, new ThreadTime(group(info.getThreadName()), cpu));
            }
        }
        long gc = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            gc += Math.max(0, collector.getCollectionTime());
        }
        return new Snapshot(((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime(), ManagementFactory.getCompilationMXBean().getTotalCompilationTime(), gc, threads,
                vmThreads(), childProcessNanos(marker));
    }

    /**
     * Lines of "what: ms per unit", the largest first, between two snapshots. A thread that ended in between is not
     * seen; its time shows under "ended threads and the rest".
     */
    static String report(Snapshot before, Snapshot after, int units, String unit) {
        Map<String, Long> byGroup = new TreeMap<>();
        long visible = 0;
        for (Map.Entry<Long, ThreadTime> thread : after.threads().entrySet()) {
            ThreadTime earlier = before.threads().get(thread.getKey());
            long used = thread.getValue().cpuNanos() - (earlier == null ? 0 : earlier.cpuNanos());
            byGroup.merge(thread.getValue().group(), used, Long::sum);
            visible += used;
        }
        long process = after.processNanos() - before.processNanos();
        long children = after.childProcessNanos() - before.childProcessNanos();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "  processor time per %s: %.2f ms in this JVM, %.2f ms with its child "
                        + "processes (PostgreSQL); the JIT compiler worked %.1f s, the garbage collector paused %.1f s%n",
                unit, ms(process, units), ms(process + children, units),
                (after.compilationMillis() - before.compilationMillis()) / 1000.0,
                (after.gcMillis() - before.gcMillis()) / 1000.0));
        Map<String, Long> lines = new HashMap<>(byGroup);
        for (Map.Entry<Long, ThreadTime> thread : after.vmThreads().entrySet()) {
            ThreadTime earlier = before.vmThreads().get(thread.getKey());
            long used = thread.getValue().cpuNanos() - (earlier == null ? 0 : earlier.cpuNanos());
            lines.merge(thread.getValue().group(), used, Long::sum);
            visible += used;
        }
        lines.put("(ended threads and the rest)", process - visible);
        lines.put("(child processes: PostgreSQL)", children);
        lines.entrySet().stream()
                .filter(line -> ms(line.getValue(), units) >= 0.01)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(line -> out.append(String.format(Locale.ROOT, "    %6.2f ms  %s%n", ms(line.getValue(), units),
                        line.getKey())));
        return out.toString();
    }

    /** Processor time of the calling thread so far. */
    static long currentThreadNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** Bytes the calling thread has allocated so far. */
    static long currentThreadAllocatedBytes() {
        return ((com.sun.management.ThreadMXBean) THREADS).getCurrentThreadAllocatedBytes();
    }

    static double ms(long nanos, int units) {
        return nanos / 1e6 / units;
    }

    /** Thread names without their numbers and addresses, so that a pool's threads are one line. */
    private static String group(String name) {
        return name.replaceAll("[0-9]+", "#").replaceAll("(#[.:/-]?)+", "#");
    }

    /**
     * Linux only: the JVM's own threads that Java does not show (the JIT compiler's, the garbage collector's, the
     * VM's), by their names in /proc; empty elsewhere.
     */
    private static Map<Long, ThreadTime> vmThreads() {
        Map<Long, ThreadTime> threads = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    String group = name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler") ? "(JIT compiler)"
                            : name.startsWith("GC Thread") || name.startsWith("G1 ") ? "(garbage collector)"
                            : name.startsWith("VM ") ? "(VM)" : null;
                    if (group != null) {
                        threads.put(Long.parseLong(task.getFileName().toString()), new ThreadTime(group,
                                ticks(Files.readString(task.resolve("stat")), false) * CLOCK_TICK_NANOS));
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException e) {
            return Map.of();
        }
        return threads;
    }

    /** User and system clock ticks from a /proc stat line, with those of ended children if asked. */
    private static long ticks(String stat, boolean withChildren) {
        // The fields after the command name in parentheses, which may itself hold spaces; utime, stime, cutime,
        // cstime are fields 14 to 17 of the whole line, 11 to 14 after the name.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = 0;
        for (int i = 11; i <= (withChildren ? 14 : 12); i++) {
            ticks += Long.parseLong(fields[i]);
        }
        return ticks;
    }

    /** Linux only: user and system time of those processes, and of their own ended children; 0 elsewhere. */
    private static long childProcessNanos(String marker) {
        Set<Long> pids = new HashSet<>();
        ProcessHandle.current().descendants().forEach(process -> pids.add(process.pid()));
        if (marker != null) {
            ProcessHandle.allProcesses().filter(process -> commandLine(process.pid()).contains(marker))
                    .forEach(process -> {
                        pids.add(process.pid());
                        process.descendants().forEach(child -> pids.add(child.pid()));
                    });
        }
        return pids.stream().mapToLong(pid -> {
            try {
                return ticks(Files.readString(Path.of("/proc", String.valueOf(pid), "stat")), true)
                        * CLOCK_TICK_NANOS;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }).sum();
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline"))).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
