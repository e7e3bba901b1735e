package sos.contracts;

import java.util.UUID;

/** The outcome of delivering one event to one recipient over one channel. */
public sealed interface NotificationEvent extends AlertEvent
        permits NotificationSent, NotificationFailed, NotificationAcknowledged {

    /** The id of the event that was delivered (an {@link AlertRaised} or {@link UnitsAssigned}). */
    UUID subjectEventId();

    String recipientId();

    String channel();
}
