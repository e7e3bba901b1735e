package sos.notification.domain.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import sos.contracts.AlertRaised;
import sos.contracts.AlertType;
import sos.contracts.EventJson;
import sos.notification.Alerts;
import tools.jackson.databind.JsonNode;

class WebhookPayloadTest {

    @Test
    void shouldCarryEachRecipientsDeliveryAndTheEventAsOnTheWire() {
        AlertRaised attack = Alerts.raised("consulate-de", AlertType.ARMED_ATTACK);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();

        JsonNode toFirst = parse(WebhookPayload.toJson(first, "police-control-room", attack, "SOS \"now\""));
        JsonNode toSecond = parse(WebhookPayload.toJson(second, "rangers-ops-room", attack, "SOS"));

        assertThat(toFirst.get("deliveryId").asString()).isEqualTo(first.toString());
        assertThat(toFirst.get("recipientId").asString()).isEqualTo("police-control-room");
        assertThat(toFirst.get("message").asString()).isEqualTo("SOS \"now\"");
        assertThat(toSecond.get("deliveryId").asString()).isEqualTo(second.toString());
        assertThat(toSecond.get("recipientId").asString()).isEqualTo("rangers-ops-room");
        assertThat(EventJson.fromBytes(EventJson.mapper().writeValueAsBytes(toFirst.get("event"))))
                .isEqualTo(attack);
        assertThat(toSecond.get("event")).isEqualTo(toFirst.get("event"));
    }

    @Test
    void shouldWriteEveryEventAsItselfWhenManyAreUnderWay() {
        for (int i = 0; i < 500; i++) {
            AlertRaised alert = Alerts.raised("consulate-" + i, AlertType.ARMED_ATTACK);
            JsonNode body = parse(WebhookPayload.toJson(UUID.randomUUID(), "r", alert, "m"));

            assertThat(EventJson.fromBytes(EventJson.mapper().writeValueAsBytes(body.get("event"))))
                    .isEqualTo(alert);
        }
    }

    private static JsonNode parse(byte[] body) {
        return EventJson.mapper().readTree(body);
    }
}
