package sos.audit;

import org.springframework.kafka.listener.BatchListenerFailedException;

/** The database was reachable but refused to store the record at {@code index}. */
class RecordRefusedException extends BatchListenerFailedException {

    RecordRefusedException(String message, Throwable cause, int index) {
        super(message, cause, index);
    }
}
