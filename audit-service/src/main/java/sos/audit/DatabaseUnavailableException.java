package sos.audit;

import org.springframework.kafka.listener.BatchListenerFailedException;

/** The audit database could not be reached: the record at {@code index} and all after it are tried again later. */
class DatabaseUnavailableException extends BatchListenerFailedException {

    DatabaseUnavailableException(String message, Throwable cause, int index) {
        super(message, cause, index);
    }
}
