package sos.bench.e2e;

import org.HdrHistogram.Histogram;

/**
 * One system measured at one rate.
 *
 * @param phase what the rate stands for in the table ("200/s", "highest p99 <= 100 ms" ...)
 * @param system {@link #PIPELINE}, {@link #FLOOR} or {@link #PEER}
 * @param cpuMillis CPU time of the system's processes during the phase (from the first send to the last receipt)
 * @param wallNanos how long that was
 * @param rssKib resident memory of the system's processes at the end of the phase
 */
record Measurement(
        String phase, String system, int rate, Join.Result result, long cpuMillis, long wallNanos, long rssKib) {

    static final String PIPELINE = "SOS pipeline";
    static final String FLOOR = "Kafka floor";
    static final String PEER = "Alertmanager";

    /** CPU time per alert sent, in µs. */
    double cpuMicrosPerAlert() {
        return cpuMillis * 1000.0 / Math.max(1, result.sent());
    }

    /** CPU time over wall time: how many cores the system kept busy. */
    double cores() {
        return cpuMillis * 1e6 / Math.max(1, wallNanos);
    }

    static double ms(Histogram histogram, double percentile) {
        return (percentile >= 100 ? histogram.getMaxValue() : histogram.getValueAtPercentile(percentile)) / 1e6;
    }
}
