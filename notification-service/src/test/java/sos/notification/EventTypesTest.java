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

class EventTypesTest {

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

        assertThat(EventTypes.mayBe(EventJson.toBytes(ack), "NotificationAcknowledged"))
                .isTrue();
        assertThat(EventTypes.mayBe(EventJson.toBytes(sent), "NotificationAcknowledged"))
                .isFalse();
        assertThat(EventTypes.mayBe("not json at all".getBytes(StandardCharsets.UTF_8), "NotificationAcknowledged"))
                .as("what cannot be told apart is parsed (and dead-lettered when it is garbage)")
                .isTrue();
        assertThat(EventTypes.mayBe(EventJson.toBytes(sent), "NotificationSent"))
                .as("the delivery ledger's question")
                .isTrue();
        assertThat(EventTypes.mayBe(EventJson.toBytes(ack), "NotificationSent")).isFalse();
    }
}
