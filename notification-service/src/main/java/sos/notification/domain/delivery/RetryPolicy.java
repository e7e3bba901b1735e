package sos.notification.domain.delivery;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When to retry a webhook: a 2xx is delivered; 5xx, time-outs and I/O errors are retried with exponential back-off and
 * jitter until {@code maxAttempts} attempts were made; anything else (4xx, 3xx) is never retried, since sending the
 * same request again cannot change the answer.
 *
 * <p>The back-off before attempt {@code n + 1} is {@code min(maxBackoff, initialBackoff * 2^(n-1))}, of which a random
 * share up to {@code jitter} is taken off, so that many senders do not retry in step.
 */
public final class RetryPolicy {

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double jitter;
    private final DoubleSupplier random;

    /** @param random values in [0, 1) */
    public RetryPolicy(
            int maxAttempts, Duration initialBackoff, Duration maxBackoff, double jitter, DoubleSupplier random) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be within [0, 1], was " + jitter);
        }
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.jitter = jitter;
        this.random = random;
    }

    public RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        this(
                maxAttempts,
                initialBackoff,
                maxBackoff,
                0.5,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** The decision after attempt number {@code attempt} (from 1) came to {@code result}. */
    public RetryDecision decide(int attempt, AttemptResult result) {
        if (result instanceof AttemptResult.Answered answered) {
            int status = answered.statusCode();
            if (status >= 200 && status < 300) {
                return new RetryDecision.Delivered(status);
            }
            if (status < 500) {
                return new RetryDecision.GiveUp(failureOf(result));
            }
        }
        if (attempt >= maxAttempts) {
            return new RetryDecision.GiveUp(failureOf(result));
        }
        return new RetryDecision.RetryAfter(backoffAfter(attempt));
    }

    /** A failed attempt in words (status, time-out or the kind of I/O error); never a URL or secret. */
    public static String failureOf(AttemptResult result) {
        if (result instanceof AttemptResult.Answered answered) {
            int status = answered.statusCode();
            return status < 500 && (status < 200 || status >= 300)
                    ? "HTTP " + status + " from recipient (not retried: the request itself was refused)"
                    : "HTTP " + status + " from recipient";
        }
        if (result instanceof AttemptResult.IoError error) {
            return "I/O error: " + error.what();
        }
        return "timed out";
    }

    /** The wait after failed attempt number {@code attempt}. */
    Duration backoffAfter(int attempt) {
        long initial = initialBackoff.toMillis();
        long cap = maxBackoff.toMillis();
        long base = Math.min(cap, initial * (1L << Math.min(Math.max(attempt - 1, 0), 30)));
        long withJitter = Math.round(base * (1 - jitter * random.getAsDouble()));
        return Duration.ofMillis(Math.max(0, withJitter));
    }
}
