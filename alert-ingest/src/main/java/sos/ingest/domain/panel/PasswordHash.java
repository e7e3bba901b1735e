package sos.ingest.domain.panel;

import java.security.SecureRandom;
import sos.ingest.domain.consulate.Pbkdf2;

/**
 * A panel user's password as a salted PBKDF2-HMAC-SHA256 hash, encoded like a PIN hash:
 * {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>}. Compared in constant time; {@link #toString()} shows
 * nothing secret.
 */
public final class PasswordHash {

    public static final int MIN_ITERATIONS = 10_000;
    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 200;

    private final Pbkdf2 hash;

    private PasswordHash(Pbkdf2 hash) {
        this.hash = hash;
    }

    /** Hashes a new password ({@value #MIN_LENGTH} to {@value #MAX_LENGTH} characters) with a fresh salt. */
    public static PasswordHash of(String password, int iterations, SecureRandom random) {
        if (password == null || password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "a panel password must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters");
        }
        return new PasswordHash(Pbkdf2.of(password, iterations, MIN_ITERATIONS, random, "password"));
    }

    /** Reads a hash as produced by {@link #encoded()}. */
    public static PasswordHash parse(String encoded) {
        return new PasswordHash(Pbkdf2.parse(encoded, MIN_ITERATIONS, "password"));
    }

    /** Always does the full work (also for a password of the wrong length), and compares in constant time. */
    public boolean matches(String password) {
        boolean plausible = password != null && !password.isEmpty() && password.length() <= MAX_LENGTH;
        return hash.matches(plausible ? password : "-") && plausible;
    }

    public String encoded() {
        return hash.encoded();
    }

    @Override
    public String toString() {
        return "PasswordHash[" + Pbkdf2.PREFIX + ", iterations=" + hash.iterations() + "]";
    }
}
