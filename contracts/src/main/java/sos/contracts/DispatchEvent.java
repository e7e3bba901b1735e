package sos.contracts;

/**
 * A decision dispatch-service took about an alert. All of them travel on {@link Topics#ASSIGNMENTS}, keyed by alert
 * id. A reader that does not care about a kind must skip it, never fail on it.
 */
public sealed interface DispatchEvent extends AlertEvent
        permits UnitsAssigned, UnitsStoodDown, AlertEscalated, BetterUnitProposed, AssignmentUpdated, AlertResolved {}
