package sos.contracts;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.UUID;

/**
 * Every event on the platform: immutable, named in the past tense, with its own id, the time it happened and the key
 * of the aggregate it belongs to. The {@code eventType} property on the wire names the record.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "eventType")
@JsonSubTypes({
    @JsonSubTypes.Type(value = AlertRaised.class, name = "AlertRaised"),
    @JsonSubTypes.Type(value = AlertLocationUpdated.class, name = "AlertLocationUpdated"),
    @JsonSubTypes.Type(value = AlertRepeatPressed.class, name = "AlertRepeatPressed"),
    @JsonSubTypes.Type(value = AlertCancelled.class, name = "AlertCancelled"),
    @JsonSubTypes.Type(value = DuressSignalled.class, name = "DuressSignalled"),
    @JsonSubTypes.Type(value = AlertRejected.class, name = "AlertRejected"),
    @JsonSubTypes.Type(value = UnitsAssigned.class, name = "UnitsAssigned"),
    @JsonSubTypes.Type(value = NotificationSent.class, name = "NotificationSent"),
    @JsonSubTypes.Type(value = NotificationFailed.class, name = "NotificationFailed"),
    @JsonSubTypes.Type(value = NotificationAcknowledged.class, name = "NotificationAcknowledged"),
    @JsonSubTypes.Type(value = UnitsStoodDown.class, name = "UnitsStoodDown"),
    @JsonSubTypes.Type(value = AlertEscalated.class, name = "AlertEscalated"),
    @JsonSubTypes.Type(value = BetterUnitProposed.class, name = "BetterUnitProposed"),
    @JsonSubTypes.Type(value = AssignmentUpdated.class, name = "AssignmentUpdated"),
    @JsonSubTypes.Type(value = AlertResolved.class, name = "AlertResolved"),
    @JsonSubTypes.Type(value = UnitStateChanged.class, name = "UnitStateChanged")
})
public sealed interface SosEvent permits AlertEvent, AlertRejected, UnitEvent {

    UUID eventId();

    Instant occurredAt();

    /** The Kafka record key: the aggregate id, so that all events of one aggregate stay in order on one partition. */
    String key();

    /** The wire name of this event type. */
    default String eventType() {
        return getClass().getSimpleName();
    }
}
