package sos.notification.domain;

import sos.contracts.AlertEvent;
import sos.notification.domain.routing.Recipient;

/**
 * The live view of control-room screens and of each consulate's status page: every message the routing sent to a
 * control room, and every message sent to a consulate's own recipients (which never includes a duress signal, only
 * its normal-looking cancel).
 */
public interface LiveFeed {

    LiveFeed NONE = (recipient, subject, message) -> {};

    void publish(Recipient recipient, AlertEvent subject, String message);
}
