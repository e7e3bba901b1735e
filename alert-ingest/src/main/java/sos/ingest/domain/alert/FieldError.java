package sos.ingest.domain.alert;

/** One thing wrong with one field of a request, e.g. {@code location.lat}: {@code must be within [-90, 90]}. */
public record FieldError(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
