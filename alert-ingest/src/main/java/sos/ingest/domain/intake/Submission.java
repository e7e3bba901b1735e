package sos.ingest.domain.intake;

/**
 * A request to raise an alert as it came over the wire: the signing headers, the exact raw body and the optional
 * Idempotency-Key. Size and media type are checked before a submission is made.
 */
public record Submission(String keyId, String signature, byte[] body, String idempotencyKey) {}
