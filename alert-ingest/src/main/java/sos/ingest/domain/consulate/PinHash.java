package sos.ingest.domain.consulate;

import java.security.SecureRandom;

/**
 * A PIN stored as a salted PBKDF2-HMAC-SHA256 hash, encoded {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>}.
 * The PIN itself is never kept; {@link #matches} compares in constant time. {@link #toString()} shows nothing secret.
 */
public final class PinHash {

    public static final String PREFIX = Pbkdf2.PREFIX;
    public static final int MIN_ITERATIONS = 1_000;
    private static final int MIN_PIN_LENGTH = 4;
    private static final int MAX_PIN_LENGTH = 12;

    private final Pbkdf2 hash;

    private PinHash(Pbkdf2 hash) {
        this.hash = hash;
    }

    /** Hashes a new PIN (4 to 12 digits) with a fresh random salt. */
    public static PinHash of(String pin, int iterations, SecureRandom random) {
        if (!isWellFormed(pin)) {
            throw new IllegalArgumentException("a PIN must be " + MIN_PIN_LENGTH + " to " + MAX_PIN_LENGTH + " digits");
        }
        return new PinHash(Pbkdf2.of(pin, iterations, MIN_ITERATIONS, random, "PIN"));
    }

    /** Reads an encoded hash as produced by {@link #encoded()}. */
    public static PinHash parse(String encoded) {
        return new PinHash(Pbkdf2.parse(encoded, MIN_ITERATIONS, "PIN"));
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
        boolean equal = hash.matches(isWellFormed(pin) ? pin : "0000");
        return equal && isWellFormed(pin);
    }

    public String encoded() {
        return hash.encoded();
    }

    @Override
    public String toString() {
        return "PinHash[" + PREFIX + ", iterations=" + hash.iterations() + "]";
    }
}
