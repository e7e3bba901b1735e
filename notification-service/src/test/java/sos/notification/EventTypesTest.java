package sos.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import sos.contracts.AlertRaised;
import sos.contracts.AlertType;
import sos.contracts.EventJson;
import sos.contracts.NotificationAcknowledged;
import sos.contracts.NotificationSent;

class NotificationListenerTest {

    private final AlertRaised attack = Alerts.raised("consulate-de", AlertType.ARMED_ATTACK);

    @Test
    void shouldParseOnlyWhatMayBeAnAcknowledgementOnTheOutcomeTopic() {
        NotificationAcknowledged ack = new NotificationAcknowledged(
                UUID.randomUUID(),
                Alerts.AT,
                attack.alertId(),
                attack.eventId(),
                "police-control-room",
                "webhook",
                "LINK",
                UUID.randomUUID(),
                "CONTROL_ROOM");
        NotificationSent sent = new NotificationSent(
                UUID.randomUUID(),
                Alerts.AT,
                attack.alertId(),
                attack.eventId(),
                "AlertRaised",
                "police-control-room",
                "webhook",
                1,
                204);

        assertThat(NotificationListener.mayBeAcknowledgement(EventJson.toBytes(ack)))
                .isTrue();
        assertThat(NotificationListener.mayBeAcknowledgement(EventJson.toBytes(sent)))
                .isFalse();
        assertThat(NotificationListener.mayBeAcknowledgement("not json at all".getBytes(StandardCharsets.UTF_8)))
                .as("what cannot be told apart is parsed (and dead-lettered when it is garbage)")
                .isTrue();
    }
}
