package sos.ingest.domain.intake;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Where a stored event came from, carried with it (as record headers) so that every instance, also after a restart,
 * can answer a retry of the same request: the consulate, its {@code Idempotency-Key} and the SHA-256 of the body.
 * Never the body itself, never a secret.
 */
public record Provenance(String consulateId, String idempotencyKey, byte[] bodySha256) {

    public Provenance {
        bodySha256 = bodySha256.clone();
    }

    @Override
    public byte[] bodySha256() {
        return bodySha256.clone();
    }

    public String bodySha256Hex() {
        return HexFormat.of().formatHex(bodySha256);
    }

    /** @return null when any part is missing or the hash is not 64 hex digits */
    public static Provenance of(String consulateId, String idempotencyKey, String bodySha256Hex) {
        if (consulateId == null || idempotencyKey == null || bodySha256Hex == null || bodySha256Hex.length() != 64) {
            return null;
        }
        try {
            return new Provenance(consulateId, idempotencyKey, HexFormat.of().parseHex(bodySha256Hex));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Provenance p
                && p.consulateId.equals(consulateId)
                && p.idempotencyKey.equals(idempotencyKey)
                && Arrays.equals(p.bodySha256, bodySha256);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * consulateId.hashCode() + idempotencyKey.hashCode()) + Arrays.hashCode(bodySha256);
    }

    @Override
    public String toString() {
        return "Provenance[consulateId=" + consulateId + ", idempotencyKey=" + idempotencyKey + "]";
    }
}
