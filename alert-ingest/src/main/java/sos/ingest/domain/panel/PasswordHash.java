package sos.ingest.domain.panel;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
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
    private static final int SALT_BYTES = 16;

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("password hashes need at least " + MIN_ITERATIONS + " iterations");
        }
        this.iterations = iterations;
        this.salt = salt.clone();
        this.hash = hash.clone();
    }

    /** Hashes a new password ({@value #MIN_LENGTH} to {@value #MAX_LENGTH} characters) with a fresh salt. */
    public static PasswordHash of(String password, int iterations, SecureRandom random) {
        if (password == null || password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "a panel password must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters");
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new PasswordHash(iterations, salt, Pbkdf2.derive(password, salt, iterations));
    }

    /** Reads a hash as produced by {@link #encoded()}. */
    public static PasswordHash parse(String encoded) {
        String[] parts = encoded == null ? new String[0] : encoded.split("\\$");
        if (parts.length != 4 || !Pbkdf2.PREFIX.equals(parts[0])) {
            throw new IllegalArgumentException(
                    "a password hash must look like " + Pbkdf2.PREFIX + "$<iterations>$<salt>$<hash>");
        }
        try {
            return new PasswordHash(
                    Integer.parseInt(parts[1]),
                    Base64.getDecoder().decode(parts[2]),
                    Base64.getDecoder().decode(parts[3]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed password hash", e);
        }
    }

    /** Always does the full work (also for a password of the wrong length), and compares in constant time. */
    public boolean matches(String password) {
        boolean plausible = password != null && !password.isEmpty() && password.length() <= MAX_LENGTH;
        byte[] derived = Pbkdf2.derive(plausible ? password : "-", salt, iterations);
        return MessageDigest.isEqual(hash, derived) && plausible;
    }

    public String encoded() {
        Base64.Encoder b64 = Base64.getEncoder();
        return Pbkdf2.PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    @Override
    public String toString() {
        return "PasswordHash[" + Pbkdf2.PREFIX + ", iterations=" + iterations + "]";
    }
}
