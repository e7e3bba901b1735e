package sos.dispatch.domain;

/**
 * The answer to one delivery of an alert.
 *
 * @param redelivery the alert had been decided before (a redelivery, or the same alert raised again): the decision is
 *     the earlier one, unchanged, and nothing new was reserved
 */
public record DispatchOutcome(Decision decision, boolean redelivery) {}
