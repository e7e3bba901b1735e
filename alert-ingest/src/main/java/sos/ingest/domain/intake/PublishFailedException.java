package sos.ingest.domain.intake;

/** The alert could not be confirmed as stored. It may still land later; it must not be reported as accepted. */
public class PublishFailedException extends Exception {

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
