package sos.notification.domain.delivery;

/** What one attempt to post a webhook came to. */
public sealed interface AttemptResult {

    /** The endpoint answered with this status. */
    record Answered(int statusCode) implements AttemptResult {}

    /** No answer within the connect or request time-out. */
    record TimedOut() implements AttemptResult {}

    /**
     * The connection failed (refused, reset, unknown host ...).
     *
     * @param what the kind of failure, e.g. the exception's simple class name; never a URL or secret
     */
    record IoError(String what) implements AttemptResult {}
}
