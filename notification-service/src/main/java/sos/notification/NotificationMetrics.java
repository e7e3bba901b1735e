package sos.notification;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import sos.contracts.AlertRaised;
import sos.contracts.NotificationEvent;
import sos.contracts.NotificationFailed;
import sos.contracts.NotificationSent;
import sos.notification.domain.RecentAlerts;
import sos.notification.domain.routing.Recipient;
import sos.notification.domain.routing.RecipientKind;
import sos.notification.domain.routing.RoutingRules;

/**
 * What the platform's alert rules watch in notification-service, counted when an outcome is on Kafka:
 *
 * <ul>
 *   <li>{@code sos_notification_deliveries_total{channel, outcome="sent"|"failed", final}}: each delivery outcome;
 *       {@code final="true"} on a failure means the delivery was given up (dead-lettered), {@code "false"} that
 *       another attempt follows;
 *   <li>{@code sos_notification_escalations_total}: escalation steps delivered (a control room did not acknowledge);
 *   <li>{@code sos_notification_alert_to_delivery_seconds} (histogram): from {@code AlertRaised.occurredAt} to the
 *       first delivery of that alert a control room accepted, once per alert.
 * </ul>
 *
 * A redelivered event records its outcome again and counts it again; the latency is taken once per alert.
 */
final class NotificationMetrics {

    static final List<String> CHANNELS = List.of(Recipient.WEBHOOK, Recipient.SMS, Recipient.WHATSAPP, Recipient.EMAIL);

    private final MeterRegistry registry;
    private final RecentAlerts alerts;
    private final RoutingRules rules;
    private final Counter escalations;
    private final Timer alertToDelivery;
    private final Map<String, Counter> deliveries = new ConcurrentHashMap<>();
    private final Map<UUID, Boolean> timed;

    NotificationMetrics(MeterRegistry registry, RecentAlerts alerts, RoutingRules rules, int alertsRemembered) {
        this.registry = registry;
        this.alerts = alerts;
        this.rules = rules;
        this.escalations = Counter.builder("sos.notification.escalations")
                .description("escalation steps delivered because a control room did not acknowledge in time")
                .register(registry);
        this.alertToDelivery = Timer.builder("sos.notification.alert.to.delivery")
                .description("from AlertRaised.occurredAt to the first delivery a control room accepted")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry);
        this.timed = java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
                return size() > alertsRemembered;
            }
        });
        for (String channel : CHANNELS) {
            deliveries(channel, "sent", true);
            deliveries(channel, "failed", false);
            deliveries(channel, "failed", true);
        }
    }

    /** The outcome is on Kafka. */
    void recorded(NotificationEvent outcome) {
        if (outcome instanceof NotificationSent sent) {
            deliveries(sent.channel(), "sent", true).increment();
            timeAlertToControlRoom(sent);
        } else if (outcome instanceof NotificationFailed failed) {
            deliveries(failed.channel(), "failed", failed.isFinal()).increment();
        }
    }

    void escalated(int steps) {
        escalations.increment(steps);
    }

    private void timeAlertToControlRoom(NotificationSent sent) {
        if (!"AlertRaised".equals(sent.subjectEventType())
                || rules.recipient(sent.recipientId())
                        .map(Recipient::kind)
                        .filter(RecipientKind.CONTROL_ROOM::equals)
                        .isEmpty()) {
            return;
        }
        AlertRaised alert = alerts.find(sent.alertId());
        if (alert == null || timed.putIfAbsent(sent.alertId(), Boolean.TRUE) != null) {
            return; // not seen by this instance (a restart), or timed already
        }
        Duration took = Duration.between(alert.occurredAt(), sent.occurredAt());
        alertToDelivery.record(took.isNegative() ? Duration.ZERO : took);
    }

    private Counter deliveries(String channel, String outcome, boolean last) {
        String channelTag = channel == null ? "unknown" : channel;
        return deliveries.computeIfAbsent(
                channelTag + '/' + outcome + '/' + last,
                key -> Counter.builder("sos.notification.deliveries")
                        .description("delivery outcomes recorded, per channel")
                        .tag("channel", channelTag)
                        .tag("outcome", outcome)
                        .tag("final", String.valueOf(last))
                        .register(registry));
    }
}
