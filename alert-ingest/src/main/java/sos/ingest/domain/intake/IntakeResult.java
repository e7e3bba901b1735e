package sos.ingest.domain.intake;

import java.util.List;
import sos.contracts.AlertRaised;
import sos.ingest.domain.ProblemType;
import sos.ingest.domain.alert.FieldError;

/** What alert-ingest answers. */
public sealed interface IntakeResult {

    int status();

    /** The alert is stored on the broker. */
    record Accepted(AlertRaised alert) implements IntakeResult {
        @Override
        public int status() {
            return 202;
        }
    }

    /** An alert this consulate raised earlier through this instance. */
    record Found(AlertRaised alert) implements IntakeResult {
        @Override
        public int status() {
            return 200;
        }
    }

    /** No. {@code detail} and {@code errors} are safe to show the sender. */
    record Refused(ProblemType problem, String detail, List<FieldError> errors) implements IntakeResult {

        public Refused {
            errors = errors == null ? List.of() : List.copyOf(errors);
        }

        public Refused(ProblemType problem, String detail) {
            this(problem, detail, List.of());
        }

        @Override
        public int status() {
            return problem.status();
        }
    }
}
