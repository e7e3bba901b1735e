package sos.contracts;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The platform's request-signing scheme, used by consulates calling alert-ingest and by notification-service calling
 * recipients' webhooks: header {@code SOS-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>}.
 */
public final class RequestSignature {

    public static final String KEY_ID_HEADER = "SOS-Key-Id";
    public static final String SIGNATURE_HEADER = "SOS-Signature";
    public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);

    private static final HexFormat HEX = HexFormat.of();

    private RequestSignature() {}

    /** The header value for {@code body} signed at {@code at}. */
    public static String sign(byte[] secret, Instant at, byte[] body) {
        long t = at.getEpochSecond();
        return "t=" + t + ",v1=" + HEX.formatHex(hmac(secret, t, body));
    }

    /**
     * Checks a header value against the body. Constant-time in the signature; accepts any of several {@code v1}
     * values (a sender may sign with more than one key while rotating).
     */
    public static Verdict verify(String header, byte[] secret, byte[] body, Instant now, Duration tolerance) {
        if (header == null || header.isBlank()) {
            return Verdict.MISSING;
        }
        Long t = null;
        List<byte[]> candidates = new ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                return Verdict.MALFORMED;
            }
            String name = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            try {
                if (name.equals("t")) {
                    t = Long.parseLong(value);
                } else if (name.equals("v1")) {
                    candidates.add(HEX.parseHex(value));
                }
            } catch (IllegalArgumentException e) {
                return Verdict.MALFORMED;
            }
        }
        if (t == null || candidates.isEmpty()) {
            return Verdict.MALFORMED;
        }
        if (Math.abs(now.getEpochSecond() - t) > tolerance.toSeconds()) {
            return Verdict.STALE;
        }
        byte[] expected = hmac(secret, t, body);
        boolean match = false;
        for (byte[] candidate : candidates) {
            match |= MessageDigest.isEqual(expected, candidate);
        }
        return match ? Verdict.VALID : Verdict.BAD_SIGNATURE;
    }

    /** The unix-seconds timestamp a header claims, or -1 when it has none. */
    public static long timestampOf(String header) {
        if (header == null) {
            return -1;
        }
        for (String part : header.split(",")) {
            String trimmed = part.trim();
            if (trimmed.startsWith("t=")) {
                try {
                    return Long.parseLong(trimmed.substring(2));
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private static byte[] hmac(byte[] secret, long t, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            mac.update(body);
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    public enum Verdict {
        VALID,
        MISSING,
        MALFORMED,
        STALE,
        BAD_SIGNATURE
    }
}
