package sos.audit;

import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * How long the error handler keeps a failed record before giving it to the dead-letter topic: an unreadable record at
 * once; a record the database refuses after a few quick attempts; while the database cannot be reached, never (the
 * offset is not committed and the batch is tried again, with back-off, until the database is back).
 */
final class RetryPolicy {

    private final AuditProperties.Retry retry;

    RetryPolicy(AuditProperties.Retry retry) {
        this.retry = retry;
    }

    BackOff backOffFor(Exception failure) {
        if (isUnreadable(failure)) {
            return new FixedBackOff(0, 0);
        }
        if (StoreFailures.isDatabaseUnavailable(failure)) {
            ExponentialBackOff backOff =
                    new ExponentialBackOff(retry.databaseInitialInterval().toMillis(), 2.0);
            backOff.setMaxInterval(retry.databaseMaxInterval().toMillis());
            return backOff;
        }
        return new FixedBackOff(retry.processingInterval().toMillis(), Math.max(0, retry.processingAttempts() - 1));
    }

    private static boolean isUnreadable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DeserializationException) {
                return true;
            }
        }
        return false;
    }
}
