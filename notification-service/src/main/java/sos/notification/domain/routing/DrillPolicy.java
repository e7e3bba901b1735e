package sos.notification.domain.routing;

/** Whether a recipient gets alerts marked as drills. */
public enum DrillPolicy {
    /** Live alerts and drills (the default). */
    INCLUDE,
    /** Live alerts only. */
    EXCLUDE,
    /** Drills only, e.g. a training room. */
    ONLY;

    public boolean admits(boolean drill) {
        return switch (this) {
            case INCLUDE -> true;
            case EXCLUDE -> !drill;
            case ONLY -> drill;
        };
    }
}
