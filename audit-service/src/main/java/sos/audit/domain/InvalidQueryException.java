package sos.audit.domain;

/** An analyst's query that cannot be answered as asked; the message says why. */
public class InvalidQueryException extends RuntimeException {

    public InvalidQueryException(String message) {
        super(message);
    }
}
