package sos.audit.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import sos.contracts.AlertRaised;
import sos.contracts.AlertRejected;
import sos.contracts.AlertType;
import sos.contracts.EventJson;
import sos.contracts.Severity;
import sos.testsupport.Karachi;

class TimelineTest {

    private static final UUID ALERT = UUID.fromString("0195f1a0-7c1e-7d3a-9b1e-3f1c2a4b5c6d");
    private static final Instant AT = Instant.parse("2026-11-25T09:14:07.123Z");

    @Test
    void shouldOrderEventsByWhenTheyHappenedThenByWhenTheyWereRecorded() {
        RecordedEvent assigned = recorded(1, AT.plusMillis(40));
        RecordedEvent raised = recorded(2, AT);
        RecordedEvent notifiedLater = recorded(4, AT.plusMillis(75));
        RecordedEvent notifiedFirst = recorded(3, AT.plusMillis(75));

        Timeline timeline = Timeline.of(ALERT, List.of(assigned, raised, notifiedLater, notifiedFirst))
                .orElseThrow();

        assertThat(timeline.alertId()).isEqualTo(ALERT);
        assertThat(timeline.events()).containsExactly(raised, assigned, notifiedFirst, notifiedLater);
    }

    @Test
    void shouldHaveNoTimelineForAnAlertWithoutEvents() {
        assertThat(Timeline.of(ALERT, List.of())).isEmpty();
    }

    @Test
    void shouldRefuseAnEventOfAnotherAlert() {
        RecordedEvent other = new RecordedEvent(
                1, UUID.randomUUID(), "AlertRaised", UUID.randomUUID(), "k", "sos.alerts", AT, AT, "{}");

        assertThatThrownBy(() -> Timeline.of(ALERT, List.of(other))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldPutAnAlertEventOnRecordUnderItsAlertWithItsCanonicalJson() {
        AlertRaised raised = new AlertRaised(
                UUID.randomUUID(),
                AT,
                ALERT,
                "consulate-de",
                "Consulate General of Germany (demo)",
                AlertType.ARMED_ATTACK,
                Severity.CRITICAL,
                Karachi.CLIFTON,
                15.0,
                null,
                "gunfire at the main gate",
                false);

        AuditEntry entry = AuditEntry.of(raised, new EventSource("sos.alerts", 3, 17));

        assertThat(entry.eventId()).isEqualTo(raised.eventId());
        assertThat(entry.eventType()).isEqualTo("AlertRaised");
        assertThat(entry.alertId()).isEqualTo(ALERT);
        assertThat(entry.aggregateKey()).isEqualTo(ALERT.toString());
        assertThat(entry.occurredAt()).isEqualTo(AT);
        assertThat(entry.source()).isEqualTo(new EventSource("sos.alerts", 3, 17));
        assertThat(entry.payload()).isEqualTo(EventJson.toJson(raised));
        assertThat(EventJson.fromJson(entry.payload())).isEqualTo(raised);
    }

    @Test
    void shouldPutARejectedPressOnRecordWithoutAnAlertUnderItsConsulate() {
        AlertRejected rejected = new AlertRejected(
                UUID.randomUUID(),
                AT,
                "consulate-de",
                "de-2026-1",
                422,
                "https://sos.karachi.example/problems/x",
                "no");

        AuditEntry entry = AuditEntry.of(rejected, new EventSource("sos.alerts.rejected", 0, 5));

        assertThat(entry.alertId()).isNull();
        assertThat(entry.aggregateKey()).isEqualTo("consulate-de");
        assertThat(entry.eventType()).isEqualTo("AlertRejected");
    }

    private static RecordedEvent recorded(long seq, Instant occurredAt) {
        return new RecordedEvent(
                seq,
                UUID.randomUUID(),
                "NotificationSent",
                ALERT,
                ALERT.toString(),
                "sos.notifications",
                occurredAt,
                AT.plusSeconds(1),
                "{\"seq\":" + seq + "}");
    }
}
