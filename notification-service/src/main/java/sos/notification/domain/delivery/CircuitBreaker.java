package sos.notification.domain.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One per channel, so that a dead gateway slows nobody else: after {@code threshold} failed attempts in a row the
 * circuit opens and attempts on the channel are refused at once for {@code openFor}; then one trial attempt is let
 * through (half open), and its outcome closes the circuit or opens it again. A 4xx answer is the recipient's problem,
 * not the channel's, and does not count.
 */
public final class CircuitBreaker {

    public enum State {
        CLOSED,
        OPEN,
        HALF_OPEN
    }

    private final int threshold;
    private final Duration openFor;
    private final Clock clock;
    private int failures;
    private Instant openedAt;
    private boolean trialInFlight;

    public CircuitBreaker(int threshold, Duration openFor, Clock clock) {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1");
        }
        this.threshold = threshold;
        this.openFor = openFor;
        this.clock = clock;
    }

    /** Whether an attempt may be made now; in the half-open state only one caller gets true. */
    public synchronized boolean allowsAttempt() {
        if (openedAt == null) {
            return true;
        }
        if (clock.instant().isBefore(openedAt.plus(openFor)) || trialInFlight) {
            return false;
        }
        trialInFlight = true;
        return true;
    }

    public synchronized void onSuccess() {
        failures = 0;
        openedAt = null;
        trialInFlight = false;
    }

    public synchronized void onFailure() {
        failures++;
        if (trialInFlight || failures >= threshold) {
            openedAt = clock.instant();
        }
        trialInFlight = false;
    }

    public synchronized State state() {
        if (openedAt == null) {
            return State.CLOSED;
        }
        return clock.instant().isBefore(openedAt.plus(openFor)) ? State.OPEN : State.HALF_OPEN;
    }
}
