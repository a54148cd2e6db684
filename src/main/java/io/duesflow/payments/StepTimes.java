package io.duesflow.payments;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Where an import's time went, step by step, summed over its chunks: for the debug log, not a guarantee. */
final class StepTimes {

    private final Map<String, long[]> nanos = new LinkedHashMap<>();

    long start() {
        return System.nanoTime();
    }

    void stop(String step, long started) {
        nanos.computeIfAbsent(step, s -> new long[1])[0] += System.nanoTime() - started;
    }

    @Override
    public String toString() {
        return nanos.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()[0] / 1_000_000 + " ms")
                .collect(Collectors.joining(", "));
    }
}
