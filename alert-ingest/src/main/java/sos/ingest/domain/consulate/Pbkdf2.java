package sos.ingest.domain.consulate;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** PBKDF2-HMAC-SHA256 from the JDK, for PINs and panel passwords: slow on purpose. */
public final class Pbkdf2 {

    public static final String PREFIX = "pbkdf2-sha256";
    private static final int HASH_BITS = 256;

    private Pbkdf2() {}

    /** The 256-bit key derived from {@code secret}; the char copy of the secret is wiped afterwards. */
    public static byte[] derive(String secret, byte[] salt, int iterations) {
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
}
