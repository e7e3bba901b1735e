package sos.audit.domain;

/** The caller may not see what it asked for. */
public class ForbiddenQueryException extends RuntimeException {

    public ForbiddenQueryException(String message) {
        super(message);
    }
}
