package sos.ingest.domain.intake;

/**
 * A request as received: the signing headers, the raw body, the optional Idempotency-Key, and how the body is encoded.
 */
public record Submission(String keyId, String signature, byte[] body, String idempotencyKey, Format format) {

    /** The media type family of the body. */
    public enum Format {
        JSON,
        CAP_XML
    }

    public Submission(String keyId, String signature, byte[] body, String idempotencyKey) {
        this(keyId, signature, body, idempotencyKey, Format.JSON);
    }
}
