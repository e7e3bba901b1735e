package sos.contracts;

/**
 * What a consulate says about one of its alerts, in the order it said it: raised, located, pressed again, cancelled.
 * All of them travel on {@link Topics#ALERTS}, keyed by alert id, so that every reader sees them in order. A reader
 * that does not care about a kind must skip it, never fail on it.
 */
public sealed interface AlertLifecycleEvent extends AlertEvent
        permits AlertRaised, AlertLocationUpdated, AlertRepeatPressed, AlertCancelled, DuressSignalled {

    String consulateId();

    /** A drill or exercise: handled end to end, never a live emergency. */
    boolean drill();
}
