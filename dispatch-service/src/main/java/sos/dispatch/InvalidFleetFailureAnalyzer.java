package sos.dispatch;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import sos.dispatch.domain.InvalidFleetException;

/** Turns a bad fleet file into a short start-up message that lists every problem, instead of a stack trace. */
class InvalidFleetFailureAnalyzer extends AbstractFailureAnalyzer<InvalidFleetException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidFleetException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Fix the fleet file, or point SOS_DISPATCH_FLEET_FILE at a valid one"
                        + " (format: dispatch-service/README.md).",
                cause);
    }
}
