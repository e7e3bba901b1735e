package sos.audit;

import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * How long the error handler keeps a failed record before giving it to the dead-letter topic: an unreadable record at
 * once; a record the database refuses after a few quick attempts; while the database cannot be reached, never (the
 * offset is not committed and the record is tried again, with back-off, until the database is back).
 *
 * <p>The listener names the kind of failure by the exception type it throws; the error handler starts a new back-off
 * whenever that type changes, so a record that first met a refusal and then an outage is kept through the outage.
 */
final class RetryPolicy {

    private final AuditProperties.Retry retry;

    RetryPolicy(AuditProperties.Retry retry) {
        this.retry = retry;
    }

    BackOff backOffFor(Exception failure) {
        if (has(failure, UnreadableRecordException.class) || has(failure, DeserializationException.class)) {
            return new FixedBackOff(0, 0);
        }
        if (has(failure, DatabaseUnavailableException.class)) {
            ExponentialBackOff backOff =
                    new ExponentialBackOff(retry.databaseInitialInterval().toMillis(), 2.0);
            backOff.setMaxInterval(retry.databaseMaxInterval().toMillis());
            return backOff;
        }
        return processingBackOff();
    }

    /** For a record the database refuses, or any other failure: a few attempts, then the dead-letter topic. */
    BackOff processingBackOff() {
        return new FixedBackOff(retry.processingInterval().toMillis(), Math.max(0, retry.processingAttempts() - 1));
    }

    private static boolean has(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
