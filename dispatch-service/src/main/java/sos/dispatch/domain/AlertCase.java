package sos.dispatch.domain;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import sos.contracts.AlertResolved;
import sos.contracts.AlertType;
import sos.contracts.GeoPoint;
import sos.contracts.Severity;
import sos.contracts.SosEvent;

/** What dispatch knows about one alert. Mutable; guarded by the {@link Dispatcher}'s lock. */
final class AlertCase {

    final UUID alertId;
    AlertType type;
    Severity severity;
    GeoPoint location;
    boolean drill;
    String consulateId;
    String consulateName;
    String premises;
    String district;
    java.time.Instant raisedAt;
    /** The cause of the latest escalation ({@code DURESS}, {@code NO_UNIT_AVAILABLE}, ...); null when none. */
    String escalation;

    Decision decision;
    /** The units out on the alert now. */
    final Set<String> units = new LinkedHashSet<>();
    /** Units that were sent and did not acknowledge: never sent again to this alert. */
    final Set<String> failed = new LinkedHashSet<>();

    int redispatches;
    /** Cancelled or resolved: no more dispatch, re-dispatch or proposals. */
    boolean closed;

    boolean escalated;
    /** A unit sent to the alert reported ON_SCENE: only then does the last unit clearing resolve the alert. */
    boolean reachedScene;
    /** The resolution, once: the control room resolved the alert, or every unit sent to it cleared. */
    AlertResolved resolved;
    /** The events published in answer to each lifecycle event, so that a redelivery re-publishes the same ones. */
    final Map<UUID, List<SosEvent>> answered = new HashMap<>();

    AlertCase(UUID alertId) {
        this.alertId = alertId;
    }
}
