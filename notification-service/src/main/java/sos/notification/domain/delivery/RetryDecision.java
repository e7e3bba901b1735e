package sos.notification.domain.delivery;

import java.time.Duration;

/** What to do after an attempt. */
public sealed interface RetryDecision {

    /** The recipient accepted the message. */
    record Delivered(int statusCode) implements RetryDecision {}

    /** Try again after {@code delay}. */
    record RetryAfter(Duration delay) implements RetryDecision {}

    /** Stop: the message is not delivered. {@code reason} holds no secret. */
    record GiveUp(String reason) implements RetryDecision {}
}
