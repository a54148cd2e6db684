package io.duesflow;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** What the benchmarks share: the application on a fresh embedded PostgreSQL, a heap sampler, units. */
public final class BenchSupport {

    public static final String ADMIN_PASSWORD = "Kasse-bench-secret-1";

    private BenchSupport() {
    }

    /**
     * The whole application with its web server on a free port, on a fresh embedded PostgreSQL under
     * {@code dataDir}, job execution off (the benchmark calls the services itself), logging at WARN.
     */
    public static ConfigurableApplicationContext startApplication(Path dataDir) {
        return new SpringApplicationBuilder(DuesflowApplication.class)
                // A servlet context: the security configuration needs HttpSecurity, and some benchmarks load
                // members through the REST import.
                .web(WebApplicationType.SERVLET)
                // As command-line arguments: they win over application.yml, which builder properties would not.
                .run("--duesflow.data-dir=" + dataDir.resolve("data"),
                        "--duesflow.database.embedded.data-dir=" + dataDir.resolve("postgres"),
                        "--duesflow.database.embedded.clean-start=true",
                        "--duesflow.admin.password=" + ADMIN_PASSWORD,
                        "--camunda.bpm.job-execution.enabled=false",
                        "--server.port=0",
                        "--spring.main.banner-mode=off",
                        "--logging.level.root=WARN");
    }

    public static double seconds(long nanos) {
        return nanos / 1e9;
    }

    public static long mb(long bytes) {
        return Math.round(bytes / 1048576.0);
    }

    public static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** The heap in use, sampled every 10 ms on a thread of its own; the maximum seen. */
    public static final class HeapSampler {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private Thread thread;
        private volatile long peakHeap;

        public static HeapSampler started() {
            HeapSampler sampler = new HeapSampler();
            sampler.peakHeap = sampler.memory.getHeapMemoryUsage().getUsed();
            sampler.thread = new Thread(() -> {
                while (sampler.running.get()) {
                    sampler.peakHeap = Math.max(sampler.peakHeap, sampler.memory.getHeapMemoryUsage().getUsed());
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.thread.setDaemon(true);
            sampler.thread.start();
            return sampler;
        }

        /** Stops sampling; the peak in MB. */
        public long stop() throws InterruptedException {
            running.set(false);
            thread.join();
            peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
            return mb(peakHeap);
        }
    }
}
