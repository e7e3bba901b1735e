package sos.ingest.domain.alert;

import java.util.List;
import java.util.stream.Collectors;

/** The outcome of validating a request body: a valid alert, or every field error found. */
public sealed interface Validation {

    record Valid(AlertRequest alert) implements Validation {}

    record Invalid(List<FieldError> errors) implements Validation {

        public Invalid {
            errors = List.copyOf(errors);
        }

        /** All errors in one line, e.g. {@code location.lat: must be within [-90, 90]; type: is required}. */
        public String summary() {
            return errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
        }
    }
}
