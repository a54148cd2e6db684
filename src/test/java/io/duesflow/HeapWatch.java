package io.duesflow;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How much more heap stays in use (live, after a full collection) while something runs than before it: a request that
 * holds a 200 MB upload whole shows 200 MB, one that streams it shows its buffers. Samples every second, each after a
 * collection, so garbage never counts. For tests that promise flat memory; the server runs in the test's JVM.
 */
public final class HeapWatch implements AutoCloseable {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private final long baseline;
    private final AtomicLong peak = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;

    private HeapWatch() {
        baseline = live();
        peak.set(baseline);
        sampler = new Thread(() -> {
            while (running) {
                peak.accumulateAndGet(live(), Math::max);
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-watch");
        sampler.setDaemon(true);
        sampler.start();
    }

    public static HeapWatch start() {
        return new HeapWatch();
    }

    /** The highest live heap seen above the start, in MB; ends the watch. */
    public long peakAboveStartMb() {
        close();
        peak.accumulateAndGet(live(), Math::max);
        return Math.max(0, peak.get() - baseline) >> 20;
    }

    private static long live() {
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        try {
            sampler.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
