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

    /** One failed attempt among several: another follows. */
    static final NotificationFailed NOTIFICATION_ATTEMPT_FAILED = new NotificationFailed(
            UUID.fromString("6f708192-a3b4-4c5d-9e6f-708192a3b4c5"),
            EventFixtures.AT.plusMillis(5000),
            EventFixtures.ALERT_ID,
            UUID.fromString("1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed"),
            "AlertRaised",
            "rangers-ops-room",
            "webhook",
            1,
            "HTTP 503 from recipient",
            false);

    /** The last failed attempt: the delivery is given up. */
    static final NotificationFailed NOTIFICATION_FAILED_FINAL = new NotificationFailed(
            UUID.fromString("708192a3-b4c5-4d6e-8f70-8192a3b4c5d6"),
            EventFixtures.AT.plusMillis(9000),
            EventFixtures.ALERT_ID,
            UUID.fromString("1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed"),
            "AlertRaised",
            "rangers-ops-room",
            "webhook",
            4,
            "webhook: HTTP 503 from recipient; sms: timed out",
            true);

    static final Map<String, SosEvent> ALL = Map.of(
            "NotificationAcknowledged.json", NOTIFICATION_ACKNOWLEDGED,
            "NotificationFailedAttempt.json", NOTIFICATION_ATTEMPT_FAILED,
            "NotificationFailedFinal.json", NOTIFICATION_FAILED_FINAL);

    private NotificationEventFixtures() {}
}
