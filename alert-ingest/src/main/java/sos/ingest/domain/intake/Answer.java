package sos.ingest.domain.intake;

/**
 * A result and how it came about.
 *
 * @param replayed the result was stored under the request's Idempotency-Key and is replayed; nothing ran again
 * @param consulateId the authenticated consulate, or null when the request was not authenticated
 */
public record Answer(IntakeResult result, boolean replayed, String consulateId) {}
