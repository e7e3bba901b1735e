package sos.notification;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import sos.notification.domain.routing.RoutingFileException;

/** Turns a bad routing file into a short start-up report naming every problem, instead of a stack trace. */
class RoutingFileFailureAnalyzer extends AbstractFailureAnalyzer<RoutingFileException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RoutingFileException cause) {
        return new FailureAnalysis(
                "The routing file " + cause.source() + " cannot be used:\n  - "
                        + String.join("\n  - ", cause.problems()),
                "Fix the routing file, or point SOS_NOTIFICATION_ROUTING_FILE at another one. See"
                        + " notification-service/README.md for its format.",
                cause);
    }
}
