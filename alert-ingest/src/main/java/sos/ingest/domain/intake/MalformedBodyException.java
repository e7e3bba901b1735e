package sos.ingest.domain.intake;

/** The body is not one well-formed JSON object; the message says why and where, and is safe to show the sender. */
public class MalformedBodyException extends Exception {

    public MalformedBodyException(String message) {
        super(message);
    }
}
