package sos.bench.e2e;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Joins a phase's requests with the first notification the receiver got for each, by key (the alert id, or the label
 * the bench gave the alert). The two sides are recorded apart and joined afterwards, because a webhook may reach the
 * receiver before the answer to its POST is parsed.
 */
final class Join {

    static final long MAX_NANOS = TimeUnit.MINUTES.toNanos(1);

    private Join() {}

    /**
     * One request of a phase.
     *
     * @param scheduledNanos when it was due to be sent ({@link System#nanoTime()}): every latency is measured from it
     * @param answeredNanos when its answer came, or {@link #NO_ANSWER}
     * @param key what the notifications will name, when the answer accepted the alert; null otherwise
     */
    record Send(long scheduledNanos, long answeredNanos, String key) {
        static final long NO_ANSWER = -1;

        static Send unanswered(long scheduledNanos) {
            return new Send(scheduledNanos, NO_ANSWER, null);
        }
    }

    /**
     * What came of a phase.
     *
     * @param post POST latency (answer - scheduled), of every answered request, accepted or not
     * @param endToEnd first notification - scheduled, of every accepted alert that was notified
     * @param accepted requests answered with acceptance (the rest failed: refused, errors, no answer)
     * @param notified accepted alerts with at least one notification
     */
    record Result(Histogram post, Histogram endToEnd, long sent, long accepted, long notified) {

        long failed() {
            return sent - accepted;
        }

        long notNotified() {
            return accepted - notified;
        }

        /** Every request accepted and notified, and the end-to-end p99 at most {@code limitNanos}. */
        boolean meets(long limitNanos) {
            return sent > 0 && failed() == 0 && notNotified() == 0 && endToEnd.getValueAtPercentile(99) <= limitNanos;
        }
    }

    static Result of(Collection<Send> sends, Map<String, Long> firstReceipts) {
        Histogram post = new Histogram(MAX_NANOS, 3);
        Histogram endToEnd = new Histogram(MAX_NANOS, 3);
        long accepted = 0;
        long notified = 0;
        for (Send send : sends) {
            if (send.answeredNanos() != Send.NO_ANSWER) {
                post.recordValue(clamp(send.answeredNanos() - send.scheduledNanos()));
            }
            if (send.key() == null) {
                continue;
            }
            accepted++;
            Long received = firstReceipts.get(send.key());
            if (received != null) {
                notified++;
                endToEnd.recordValue(clamp(received - send.scheduledNanos()));
            }
        }
        return new Result(post, endToEnd, sends.size(), accepted, notified);
    }

    private static long clamp(long nanos) {
        return Math.min(Math.max(0, nanos), MAX_NANOS);
    }
}
