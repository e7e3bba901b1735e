package sos.dispatch.domain;

public enum UnitStatus {
    /** Free to be sent. */
    AVAILABLE,
    /** Reserved for one alert until an operator clears it. */
    DISPATCHED
}
