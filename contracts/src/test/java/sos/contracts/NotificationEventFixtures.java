package sos.contracts;

import java.util.Map;
import java.util.UUID;

/**
 * Golden-file fixtures for the events notification-service adds to the contract: golden file name -> event, each
 * file under resources/golden. {@link WireFormatTest} checks them with all the others.
 */
final class NotificationEventFixtures {

    static final NotificationAcknowledged NOTIFICATION_ACKNOWLEDGED = new NotificationAcknowledged(
            UUID.fromString("5e6f7081-92a3-4b4c-8d5e-6f708192a3b4"),
            EventFixtures.AT.plusSeconds(42),
            EventFixtures.ALERT_ID,
            UUID.fromString("1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed"),
            "police-control-room",
            "sms",
            "SMS_REPLY",
            UUID.fromString("2d7ebf5a-d830-3fda-ab05-327f19128d99"),
            "CONTROL_ROOM");

    static final Map<String, SosEvent> ALL = Map.of("NotificationAcknowledged.json", NOTIFICATION_ACKNOWLEDGED);

    private NotificationEventFixtures() {}
}
