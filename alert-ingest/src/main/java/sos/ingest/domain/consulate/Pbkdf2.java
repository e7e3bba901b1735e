package sos.ingest.domain.consulate;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A secret (a PIN, a panel password) stored as a salted PBKDF2-HMAC-SHA256 hash from the JDK, slow on purpose, encoded
 * {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>}. The secret itself is never kept; {@link #matches} always
 * does the full work and compares in constant time; {@link #toString()} shows nothing secret.
 */
public final class Pbkdf2 {

    public static final String PREFIX = "pbkdf2-sha256";
    private static final int HASH_BITS = 256;
    private static final int SALT_BYTES = 16;

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private Pbkdf2(int iterations, byte[] salt, byte[] hash, int minIterations, String what) {
        if (iterations < minIterations) {
            throw new IllegalArgumentException(what + " hashes need at least " + minIterations + " iterations");
        }
        this.iterations = iterations;
        this.salt = salt.clone();
        this.hash = hash.clone();
    }

    /** Hashes {@code secret} with a fresh random salt. */
    public static Pbkdf2 of(String secret, int iterations, int minIterations, SecureRandom random, String what) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new Pbkdf2(iterations, salt, derive(secret, salt, iterations), minIterations, what);
    }

    /** Reads a hash as produced by {@link #encoded()}; {@code what} names the secret in the messages. */
    public static Pbkdf2 parse(String encoded, int minIterations, String what) {
        String[] parts = encoded == null ? new String[0] : encoded.split("\\$");
        if (parts.length != 4 || !PREFIX.equals(parts[0])) {
            throw new IllegalArgumentException(
                    "a " + what + " hash must look like " + PREFIX + "$<iterations>$<salt>$<hash>");
        }
        try {
            return new Pbkdf2(
                    Integer.parseInt(parts[1]),
                    Base64.getDecoder().decode(parts[2]),
                    Base64.getDecoder().decode(parts[3]),
                    minIterations,
                    what);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed " + what + " hash", e);
        }
    }

    /** Whether {@code candidate} hashes to this; the caller passes a stand-in for an implausible one. */
    public boolean matches(String candidate) {
        return MessageDigest.isEqual(hash, derive(candidate, salt, iterations));
    }

    public String encoded() {
        Base64.Encoder b64 = Base64.getEncoder();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    public int iterations() {
        return iterations;
    }

    private static byte[] derive(String secret, byte[] salt, int iterations) {
        char[] chars = secret.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    @Override
    public String toString() {
        return "Pbkdf2[" + PREFIX + ", iterations=" + iterations + "]";
    }
}
