package sos.contracts;

import java.util.List;

/** The typed registry of every topic on the platform. Only a topic's writer produces to it. */
public final class Topics {

    public static final String ALERT_INGEST = "alert-ingest";
    public static final String DISPATCH = "dispatch-service";
    public static final String NOTIFICATION = "notification-service";
    public static final String AUDIT = "audit-service";

    public static final Topic<AlertLifecycleEvent> ALERTS =
            new Topic<>("sos.alerts", AlertLifecycleEvent.class, ALERT_INGEST, "alertId");

    public static final Topic<AlertRejected> ALERTS_REJECTED =
            new Topic<>("sos.alerts.rejected", AlertRejected.class, ALERT_INGEST, "consulateId");

    public static final Topic<DispatchEvent> ASSIGNMENTS =
            new Topic<>("sos.dispatch.assignments", DispatchEvent.class, DISPATCH, "alertId");

    /** Compacted (cleanup.policy=compact): the latest record per unit is its whole state. Not in {@link #ALL}. */
    public static final Topic<UnitEvent> UNIT_STATE =
            new Topic<>("sos.units.state", UnitEvent.class, DISPATCH, "unitId");

    public static final Topic<NotificationEvent> NOTIFICATIONS =
            new Topic<>("sos.notifications", NotificationEvent.class, NOTIFICATION, "alertId");

    /** Every event topic, in the order an alert flows through them. */
    public static final List<Topic<?>> ALL = List.of(ALERTS, ALERTS_REJECTED, ASSIGNMENTS, NOTIFICATIONS);

    private Topics() {}

    /**
     * The dead-letter topic owned by one consuming service: records it cannot read or process land there with the
     * original topic, partition, offset and exception in headers. One writer per topic holds for these too.
     */
    public static String deadLetterTopicOf(String consumingService) {
        return "sos.dlt." + consumingService;
    }

    public static Topic<?> byName(String name) {
        return ALL.stream()
                .filter(topic -> topic.name().equals(name))
                .findFirst()
                .orElse(null);
    }
}
