package sos.ingest;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import sos.ingest.domain.intake.Provenance;

/**
 * The record headers on {@code sos.alerts} that let any instance answer a retried request: {@code sos-consulate-id},
 * {@code sos-idempotency-key} and {@code sos-body-sha256} (hex). Never the body, never a secret. Readers that do not
 * know them ignore them.
 */
final class ProvenanceHeaders {

    static final String CONSULATE_ID = "sos-consulate-id";
    static final String IDEMPOTENCY_KEY = "sos-idempotency-key";
    static final String BODY_SHA256 = "sos-body-sha256";

    private ProvenanceHeaders() {}

    static void write(Provenance provenance, Headers headers) {
        headers.add(CONSULATE_ID, bytes(provenance.consulateId()));
        headers.add(IDEMPOTENCY_KEY, bytes(provenance.idempotencyKey()));
        headers.add(BODY_SHA256, bytes(provenance.bodySha256Hex()));
    }

    /** @return null when the record carries no (complete, well-formed) provenance */
    static Provenance read(Headers headers) {
        return Provenance.of(text(headers, CONSULATE_ID), text(headers, IDEMPOTENCY_KEY), text(headers, BODY_SHA256));
    }

    private static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
