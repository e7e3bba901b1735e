package sos.audit;

import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;

/** The record at {@code index} is not an event of its topic. */
class UnreadableRecordException extends BatchListenerFailedException {

    UnreadableRecordException(String message, DeserializationException cause, int index) {
        super(message, cause, index);
    }
}
