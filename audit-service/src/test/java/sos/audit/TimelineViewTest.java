package sos.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import sos.audit.domain.RecordedEvent;
import sos.audit.domain.Timeline;
import sos.contracts.AlertRaised;
import sos.contracts.AlertType;
import sos.contracts.EventJson;
import sos.contracts.Severity;
import sos.testsupport.Karachi;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TimelineViewTest {

    private static final UUID ALERT = UUID.fromString("0195f1a0-7c1e-7d3a-9b1e-3f1c2a4b5c6d");
    private static final Instant AT = Instant.parse("2026-11-25T09:14:07.123Z");

    @Test
    void shouldRenderEachEventAsItsJsonObjectBesideWhereAndWhenItWasRecorded() {
        AlertRaised raised = new AlertRaised(
                UUID.fromString("1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed"),
                AT,
                ALERT,
                "consulate-de",
                "Consulate General of Germany (demo)",
                AlertType.ARMED_ATTACK,
                Severity.CRITICAL,
                Karachi.CLIFTON,
                null,
                null,
                "gunfire at the main gate",
                false);
        RecordedEvent recorded = new RecordedEvent(
                42,
                raised.eventId(),
                "AlertRaised",
                ALERT,
                ALERT.toString(),
                "sos.alerts",
                AT,
                AT.plusMillis(5),
                EventJson.toJson(raised));

        JsonMapper mapper = JsonMapper.builder().build();
        JsonNode json =
                mapper.readTree(mapper.writeValueAsString(TimelineView.of(new Timeline(ALERT, List.of(recorded)))));

        assertThat(json.get("alertId").asString()).isEqualTo(ALERT.toString());
        JsonNode entry = json.get("events").get(0);
        assertThat(entry.get("seq").asLong()).isEqualTo(42);
        assertThat(entry.get("eventId").asString()).isEqualTo(raised.eventId().toString());
        assertThat(entry.get("eventType").asString()).isEqualTo("AlertRaised");
        assertThat(entry.get("occurredAt").asString()).isEqualTo("2026-11-25T09:14:07.123Z");
        assertThat(entry.get("recordedAt").asString()).isEqualTo("2026-11-25T09:14:07.128Z");
        assertThat(entry.get("topic").asString()).isEqualTo("sos.alerts");
        assertThat(entry.get("event").isObject()).isTrue();
        assertThat(EventJson.fromJson(entry.get("event").toString())).isEqualTo(raised);
    }
}
