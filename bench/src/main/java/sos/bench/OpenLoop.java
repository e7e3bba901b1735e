package sos.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The schedule of an open-loop load: operation {@code i} starts at {@code start + i / rate} whatever the earlier ones
 * are doing, so that a stall delays no send and every latency can be measured from its scheduled time (no coordinated
 * omission).
 */
public final class OpenLoop {

    /** Starts one operation; must not wait for its answer. */
    @FunctionalInterface
    public interface Step {
        /** @param scheduledNanos when operation {@code i} was due, on the {@link System#nanoTime()} clock */
        void start(long i, long scheduledNanos);
    }

    private OpenLoop() {}

    /** Runs {@code count} operations at {@code rate} a second, the first 50 ms from now; returns after the last start. */
    public static void run(double rate, long count, Step step) {
        long interval = (long) (TimeUnit.SECONDS.toNanos(1) / rate);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        for (long i = 0; i < count; i++) {
            long scheduled = start + i * interval;
            long wait;
            while ((wait = scheduled - System.nanoTime()) > 0) {
                LockSupport.parkNanos(Math.min(wait, 200_000));
            }
            step.start(i, scheduled);
        }
    }

    /** The 1, 5 and 15 minute load averages of the machine (Linux), for the progress lines. */
    public static String loadAverage() {
        try {
            String[] parts = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                    .trim()
                    .split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
