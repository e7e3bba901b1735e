package sos.audit;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.IdentityHashMap;
import java.util.Map;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a database that cannot be reached (wait and try again, as long as it takes) from a record the database refuses
 * (a few quick attempts, then the dead-letter topic), by the exception alone. The listener also asks the database
 * itself before it calls a failure a refusal, since a dropped connection does not always say so in its exception.
 */
final class StoreFailures {

    private StoreFailures() {}

    static boolean isDatabaseUnavailable(Throwable failure) {
        return isUnavailable(failure, new IdentityHashMap<>());
    }

    private static boolean isUnavailable(Throwable failure, Map<Throwable, Boolean> seen) {
        for (Throwable cause = failure; cause != null && seen.put(cause, true) == null; cause = cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException
                    || cause instanceof TransientDataAccessException
                    || cause instanceof RecoverableDataAccessException
                    || cause instanceof CannotCreateTransactionException
                    // commit or rollback failed: the connection is gone or its state unknown
                    || cause instanceof TransactionSystemException
                    || cause instanceof SQLTransientException
                    || cause instanceof SQLRecoverableException
                    || cause instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql) {
                if (isUnavailableState(sql.getSQLState())) {
                    return true;
                }
                // a failed JDBC batch keeps the reason in the next exception
                SQLException next = sql.getNextException();
                if (next != null && isUnavailable(next, seen)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * SQLSTATE classes that mean "not now" rather than "not this": 08 connection exception, 53 insufficient resources,
     * 57P admin or crash shutdown, 40 transaction rollback (serialization failure, deadlock), 55P03 lock not available.
     */
    private static boolean isUnavailableState(String state) {
        return state != null
                && (state.startsWith("08")
                        || state.startsWith("53")
                        || state.startsWith("57P")
                        || state.startsWith("40")
                        || state.equals("55P03"));
    }
}
