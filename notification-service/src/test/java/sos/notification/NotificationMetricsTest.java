package sos.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import sos.contracts.AlertRaised;
import sos.contracts.AlertType;
import sos.contracts.NotificationFailed;
import sos.contracts.NotificationSent;
import sos.notification.domain.RecentAlerts;
import sos.notification.domain.routing.RoutingFileParser;
import sos.notification.domain.routing.RoutingRules;

class NotificationMetricsTest {

    private static final RoutingRules RULES = new RoutingFileParser(name -> null).parse("""
            recipients:
              - id: police-control-room
                name: Madadgar 15
                kind: CONTROL_ROOM
                channel: webhook
                url: http://127.0.0.1:1/hooks/police-control-room
                receives: [ALERT_RAISED, UNITS_ASSIGNED]
              - id: consulate-de-security
                name: DE security
                kind: CONSULATE
                channel: webhook
                url: http://127.0.0.1:1/hooks/consulate-de-security
                receives: [ALERT_RAISED, UNITS_ASSIGNED]
                filter: {consulateId: consulate-de}
            """, "test.yml");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RecentAlerts alerts = new RecentAlerts(100);
    private final NotificationMetrics metrics = new NotificationMetrics(registry, alerts, RULES, 100);
    private final AlertRaised alert = Alerts.raised("consulate-de", AlertType.ARMED_ATTACK);

    @Test
    void shouldCountSentAndFailedDeliveriesPerChannelTellingFinalFailuresApart() {
        metrics.recorded(sent("consulate-de-security", "AlertRaised", Duration.ofMillis(40)));
        metrics.recorded(failed("sms", false));
        metrics.recorded(failed("sms", false));
        metrics.recorded(failed("sms", true));

        assertThat(deliveries("webhook", "sent", "true")).isEqualTo(1);
        assertThat(deliveries("sms", "failed", "false")).isEqualTo(2);
        assertThat(deliveries("sms", "failed", "true")).isEqualTo(1);
        assertThat(deliveries("email", "failed", "true"))
                .as("exposed at 0 from the start")
                .isZero();
    }

    @Test
    void shouldTimeAnAlertToItsFirstControlRoomDeliveryOnce() {
        alerts.remember(alert);

        metrics.recorded(sent("consulate-de-security", "AlertRaised", Duration.ofMillis(10)));
        assertThat(latency().count()).as("a consulate is not a control room").isZero();

        metrics.recorded(sent("police-control-room", "UnitsAssigned", Duration.ofMillis(20)));
        assertThat(latency().count()).as("only the alert itself").isZero();

        metrics.recorded(sent("police-control-room", "AlertRaised", Duration.ofMillis(75)));
        metrics.recorded(sent("police-control-room", "AlertRaised", Duration.ofMillis(900)));

        assertThat(latency().count()).as("once per alert").isEqualTo(1);
        assertThat(latency().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(75.0);
    }

    @Test
    void shouldCountEscalationSteps() {
        metrics.escalated(2);
        metrics.escalated(1);

        assertThat(registry.get("sos.notification.escalations").counter().count())
                .isEqualTo(3);
    }

    private Timer latency() {
        return registry.get("sos.notification.alert.to.delivery").timer();
    }

    private double deliveries(String channel, String outcome, String last) {
        return registry.get("sos.notification.deliveries")
                .tag("channel", channel)
                .tag("outcome", outcome)
                .tag("final", last)
                .counter()
                .count();
    }

    private NotificationSent sent(String recipientId, String subjectType, Duration after) {
        return new NotificationSent(
                UUID.randomUUID(),
                alert.occurredAt().plus(after),
                alert.alertId(),
                alert.eventId(),
                subjectType,
                recipientId,
                "webhook",
                1,
                204);
    }

    private NotificationFailed failed(String channel, boolean last) {
        return new NotificationFailed(
                UUID.randomUUID(),
                alert.occurredAt(),
                alert.alertId(),
                alert.eventId(),
                "AlertRaised",
                "police-control-room",
                channel,
                1,
                "HTTP 503",
                last);
    }
}
