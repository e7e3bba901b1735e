package sos.audit.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * A signed statement that the trail's row {@code seq} had hash {@code hash} at {@code signedAt}. What is signed
 * (Ed25519) is the UTF-8 of {@link #statement()}:
 *
 * <pre>
 * sos-audit-checkpoint-1
 * seq=&lt;seq&gt;
 * hash=&lt;hash, 64 lower-case hex digits&gt;
 * signedAt=&lt;UTC, yyyy-MM-ddTHH:mm:ss.SSSSSSZ&gt;
 * keyId=&lt;key id&gt;
 * </pre>
 *
 * (each line ends with a line feed).
 *
 * @param hash hex
 * @param keyId the first 16 hex digits of SHA-256 of the public key's X.509 encoding
 * @param signature base64 of the Ed25519 signature
 */
public record Checkpoint(long seq, String hash, Instant signedAt, String keyId, String signature) {

    public static final String VERSION = "sos-audit-checkpoint-1";

    public Checkpoint {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(signedAt, "signedAt");
        Objects.requireNonNull(keyId, "keyId");
    }

    public String statement() {
        return statement(seq, hash, signedAt, keyId);
    }

    static String statement(long seq, String hash, Instant signedAt, String keyId) {
        return VERSION + "\nseq=" + seq + "\nhash=" + hash + "\nsignedAt=" + ChainHash.time(signedAt) + "\nkeyId="
                + keyId + "\n";
    }

    static byte[] statementBytes(long seq, String hash, Instant signedAt, String keyId) {
        return statement(seq, hash, signedAt, keyId).getBytes(StandardCharsets.UTF_8);
    }
}
