package sos.dispatch.domain;

import java.util.EnumSet;
import java.util.Set;

/** What a unit is doing, and which status may follow which. */
public enum UnitStatus {
    /** Free to be sent. */
    AVAILABLE,
    /** Sent to an alert by dispatch; waiting for the unit to acknowledge (or acknowledged, not yet moving). */
    DISPATCHED,
    /** On its way to the alert. */
    EN_ROUTE,
    /** At the alert. */
    ON_SCENE,
    /** Off duty, in the workshop, ...: never sent. */
    OUT_OF_SERVICE;

    /** The statuses this one may change to. */
    public Set<UnitStatus> next() {
        return switch (this) {
            case AVAILABLE -> EnumSet.of(DISPATCHED, OUT_OF_SERVICE);
            case DISPATCHED -> EnumSet.of(EN_ROUTE, ON_SCENE, AVAILABLE);
            case EN_ROUTE -> EnumSet.of(ON_SCENE, AVAILABLE);
            case ON_SCENE -> EnumSet.of(AVAILABLE);
            case OUT_OF_SERVICE -> EnumSet.of(AVAILABLE);
        };
    }

    public boolean canBecome(UnitStatus target) {
        return next().contains(target);
    }

    /** Out on an alert. */
    public boolean isOnAlert() {
        return this == DISPATCHED || this == EN_ROUTE || this == ON_SCENE;
    }
}
