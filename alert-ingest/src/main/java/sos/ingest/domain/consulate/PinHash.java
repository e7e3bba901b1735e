package sos.ingest.domain.consulate;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A PIN stored as a salted PBKDF2-HMAC-SHA256 hash, encoded {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>}.
 * The PIN itself is never kept; {@link #matches} compares in constant time. {@link #toString()} shows nothing secret.
 */
public final class PinHash {

    public static final String PREFIX = Pbkdf2.PREFIX;
    public static final int MIN_ITERATIONS = 1_000;
    private static final int SALT_BYTES = 16;
    private static final int MIN_PIN_LENGTH = 4;
    private static final int MAX_PIN_LENGTH = 12;

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PinHash(int iterations, byte[] salt, byte[] hash) {
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("PIN hashes need at least " + MIN_ITERATIONS + " iterations");
        }
        this.iterations = iterations;
        this.salt = salt.clone();
        this.hash = hash.clone();
    }

    /** Hashes a new PIN (4 to 12 digits) with a fresh random salt. */
    public static PinHash of(String pin, int iterations, SecureRandom random) {
        if (!isWellFormed(pin)) {
            throw new IllegalArgumentException("a PIN must be " + MIN_PIN_LENGTH + " to " + MAX_PIN_LENGTH + " digits");
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new PinHash(iterations, salt, derive(pin, salt, iterations));
    }

    /** Reads an encoded hash as produced by {@link #encoded()}. */
    public static PinHash parse(String encoded) {
        String[] parts = encoded == null ? new String[0] : encoded.split("\\$");
        if (parts.length != 4 || !PREFIX.equals(parts[0])) {
            throw new IllegalArgumentException("a PIN hash must look like " + PREFIX + "$<iterations>$<salt>$<hash>");
        }
        try {
            return new PinHash(
                    Integer.parseInt(parts[1]),
                    Base64.getDecoder().decode(parts[2]),
                    Base64.getDecoder().decode(parts[3]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed PIN hash", e);
        }
    }

    /** A PIN as users may type it: 4 to 12 ASCII digits. */
    public static boolean isWellFormed(String pin) {
        return pin != null
                && pin.length() >= MIN_PIN_LENGTH
                && pin.length() <= MAX_PIN_LENGTH
                && pin.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** Whether {@code pin} is this PIN; always does the full work, and compares in constant time. */
    public boolean matches(String pin) {
        String candidate = isWellFormed(pin) ? pin : "0000";
        boolean equal = MessageDigest.isEqual(hash, derive(candidate, salt, iterations));
        return equal && isWellFormed(pin);
    }

    public String encoded() {
        Base64.Encoder b64 = Base64.getEncoder();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    private static byte[] derive(String pin, byte[] salt, int iterations) {
        return Pbkdf2.derive(pin, salt, iterations);
    }

    @Override
    public String toString() {
        return "PinHash[" + PREFIX + ", iterations=" + iterations + "]";
    }
}
