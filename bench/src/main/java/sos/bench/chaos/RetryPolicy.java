package sos.bench.chaos;

import java.time.Duration;
import java.util.Optional;

/**
 * What a well-behaved client does after each attempt of a request that must not be lost: a 2xx ends it, a 4xx ends it
 * (the request itself is wrong; retrying it changes nothing) except the ones that mean "not now" (408, 409 = the same
 * Idempotency-Key still in progress, 425, 429), and everything else (connection refused or reset, time-out, 5xx, 503
 * with Retry-After) is tried again with the same request after a back-off, until the total time budget is spent.
 *
 * <p>Pure: the caller measures the time and draws the random jitter.
 */
record RetryPolicy(Duration initialBackoff, Duration maxBackoff, Duration budget) {

    static final RetryPolicy DEFAULT =
            new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofMinutes(3));

    /** How one attempt ended: an HTTP answer, or no answer at all. */
    sealed interface Attempt {
        /** @param retryAfter the Retry-After header (seconds), when the answer had one */
        record Answered(int status, Optional<Duration> retryAfter) implements Attempt {}

        /** Connection refused or reset, time-out, anything else without an answer. */
        record NoAnswer(String why) implements Attempt {}
    }

    sealed interface Decision {
        /** A 2xx: the request is done. */
        record Succeeded(int status) implements Decision {}

        /** A definitive 4xx: the request is refused; sending it again would be refused again. */
        record Refused(int status) implements Decision {}

        /** Send the same request again after {@code delay}. */
        record Retry(Duration delay) implements Decision {}

        /** The budget is spent (or the next wait would overrun it): the request's fate is unknown to the client. */
        record GaveUp(String lastOutcome) implements Decision {}
    }

    /**
     * @param attempts how many attempts were made so far, this one included (1 after the first)
     * @param elapsed time since the first attempt started
     * @param jitter a random number in [0, 1): up to half of each back-off is taken off, so that clients that failed
     *     together do not retry together
     */
    Decision decide(Attempt attempt, int attempts, Duration elapsed, double jitter) {
        if (attempt instanceof Attempt.Answered answered) {
            int status = answered.status();
            if (status >= 200 && status < 300) {
                return new Decision.Succeeded(status);
            }
            if (status >= 400 && status < 500 && !transientClientError(status)) {
                return new Decision.Refused(status);
            }
        }
        Duration wait = backoff(attempts, jitter);
        if (attempt instanceof Attempt.Answered answered
                && answered.retryAfter().isPresent()) {
            Duration asked = answered.retryAfter().get();
            wait = asked.compareTo(maxBackoff) > 0 ? maxBackoff : asked;
        }
        if (elapsed.plus(wait).compareTo(budget) > 0) {
            return new Decision.GaveUp(describe(attempt));
        }
        return new Decision.Retry(wait);
    }

    /** Exponential: initial, 2 x initial, ... capped at the maximum, less up to half at random. */
    Duration backoff(int attempts, double jitter) {
        long initial = initialBackoff.toMillis();
        long millis = attempts >= 31 ? maxBackoff.toMillis() : initial << Math.max(0, attempts - 1);
        millis = Math.min(millis, maxBackoff.toMillis());
        return Duration.ofMillis(millis - (long) (millis * 0.5 * jitter));
    }

    /** Parses a Retry-After header given in seconds (the HTTP-date form is not used by these services). */
    static Optional<Duration> retryAfter(String header) {
        if (header == null) {
            return Optional.empty();
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean transientClientError(int status) {
        return status == 408 || status == 409 || status == 425 || status == 429;
    }

    private static String describe(Attempt attempt) {
        return attempt instanceof Attempt.Answered answered
                ? "HTTP " + answered.status()
                : ((Attempt.NoAnswer) attempt).why();
    }
}
