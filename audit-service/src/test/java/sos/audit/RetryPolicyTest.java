package sos.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.util.backoff.BackOffExecution;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(
            new AuditProperties.Retry(Duration.ofSeconds(1), Duration.ofSeconds(30), 3, Duration.ofMillis(500)));

    @Test
    void shouldKeepRetryingForAsLongAsTheDatabaseCannotBeReached() {
        Exception noConnection = new DatabaseUnavailableException(
                "audit database unavailable",
                new CannotCreateTransactionException(
                        "Could not open JDBC Connection for transaction",
                        new SQLTransientConnectionException("audit-db - Connection is not available")),
                0);

        BackOffExecution execution = policy.backOffFor(noConnection).start();

        long last = 0;
        for (int attempt = 0; attempt < 1_000; attempt++) {
            last = execution.nextBackOff();
            assertThat(last).isNotEqualTo(BackOffExecution.STOP);
        }
        assertThat(last).isEqualTo(30_000);
    }

    @Test
    void shouldTreatALostConnectionAsTheDatabaseBeingUnavailable() {
        assertThat(StoreFailures.isDatabaseUnavailable(
                        new CannotGetJdbcConnectionException("no connection", new SQLException("refused", "08001"))))
                .isTrue();
        assertThat(StoreFailures.isDatabaseUnavailable(
                        new RuntimeException(new SQLException("terminating connection", "57P01"))))
                .isTrue();
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", null, 0, new int[0]);
        batch.setNextException(new SQLException("terminating connection due to administrator command", "57P01"));
        assertThat(StoreFailures.isDatabaseUnavailable(new UncategorizedSQLException("insert", "INSERT", batch)))
                .isTrue();
        assertThat(StoreFailures.isDatabaseUnavailable(new TransactionSystemException(
                        "JDBC rollback failed", new SQLException("Connection is closed"))))
                .isTrue();
    }

    @Test
    void shouldNotTakeARefusedValueForAnOutage() {
        assertThat(StoreFailures.isDatabaseUnavailable(new DataIntegrityViolationException(
                        "bad json", new SQLException("unsupported Unicode escape sequence", "22P05"))))
                .isFalse();
    }

    @Test
    void shouldGiveARecordTheDatabaseRefusesAFewAttemptsOnly() {
        Exception refused = new RecordRefusedException(
                "could not store",
                new DataIntegrityViolationException(
                        "bad json", new SQLException("unsupported Unicode escape sequence", "22P05")),
                0);

        BackOffExecution execution = policy.backOffFor(refused).start();

        assertThat(execution.nextBackOff()).isEqualTo(500);
        assertThat(execution.nextBackOff()).isEqualTo(500);
        assertThat(execution.nextBackOff()).isEqualTo(BackOffExecution.STOP);
    }

    @Test
    void shouldSendAnUnreadableRecordToTheDeadLetterTopicAtOnce() {
        Exception unreadable = new UnreadableRecordException(
                "unreadable", new DeserializationException("not a valid SOS event", new byte[] {1}, false, null), 0);

        assertThat(policy.backOffFor(unreadable).start().nextBackOff()).isEqualTo(BackOffExecution.STOP);
    }
}
