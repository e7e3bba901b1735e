package sos.ingest.domain.intake;

import java.util.List;
import java.util.stream.Collectors;
import sos.ingest.domain.alert.FieldError;

/**
 * The body is well-formed but its structure is wrong (e.g. a CAP message without {@code info/area}); each error names
 * the element. Answered as a validation problem (422).
 */
public class InvalidBodyException extends Exception {

    private final transient List<FieldError> errors;

    public InvalidBodyException(List<FieldError> errors) {
        super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
