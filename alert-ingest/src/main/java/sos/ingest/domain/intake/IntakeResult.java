package sos.ingest.domain.intake;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import sos.contracts.AlertLifecycleEvent;
import sos.ingest.domain.ProblemType;
import sos.ingest.domain.alert.FieldError;
import sos.ingest.domain.lifecycle.AlertState;

/** What alert-ingest answers. */
public sealed interface IntakeResult {

    int status();

    /**
     * The event is stored on the broker: a new alert ({@code AlertRaised}), a repeat press attached to the open alert
     * {@code alertId} ({@code AlertRepeatPressed}), or a location update.
     */
    record Accepted(UUID alertId, AlertLifecycleEvent event) implements IntakeResult {
        @Override
        public int status() {
            return 202;
        }
    }

    /**
     * The alert is cancelled, whichever PIN did it and whether it was cancelled before: the answer must not tell a
     * duress cancel from a genuine one.
     */
    record Cancelled(UUID alertId) implements IntakeResult {
        @Override
        public int status() {
            return 202;
        }
    }

    /** One of the consulate's alerts. */
    record Found(AlertState alert) implements IntakeResult {
        @Override
        public int status() {
            return 200;
        }
    }

    /** Some of the consulate's alerts. */
    record Listed(List<AlertState> alerts) implements IntakeResult {

        public Listed {
            alerts = List.copyOf(alerts);
        }

        @Override
        public int status() {
            return 200;
        }
    }

    /** No. {@code detail} and {@code errors} are safe to show the sender. */
    record Refused(ProblemType problem, String detail, List<FieldError> errors, Duration retryAfter)
            implements IntakeResult {

        public Refused {
            errors = errors == null ? List.of() : List.copyOf(errors);
        }

        public Refused(ProblemType problem, String detail, List<FieldError> errors) {
            this(problem, detail, errors, null);
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
