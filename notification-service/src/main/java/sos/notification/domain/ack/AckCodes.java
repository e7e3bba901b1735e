package sos.notification.domain.ack;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ways to name a delivery when acknowledging it: a 4-digit code to reply by SMS ("ACK 4821"), unique enough among
 * one recipient's pending messages, and a link token (HMAC-SHA256 of the delivery id) that cannot be guessed.
 */
public final class AckCodes {

    private static final Pattern REPLY = Pattern.compile("\\s*ACK\\s*#?\\s*(\\d{4})\\b.*", Pattern.DOTALL);

    private AckCodes() {}

    public static String code(UUID deliveryId) {
        String digits = String.valueOf(Math.floorMod(deliveryId.getLeastSignificantBits(), 10_000L));
        return "0000".substring(digits.length()) + digits;
    }

    /** The code in an SMS reply such as {@code ACK 4821} or {@code ack 4821 on my way}, or null. */
    public static String codeInReply(String text) {
        if (text == null) {
            return null;
        }
        Matcher matcher = REPLY.matcher(text.toUpperCase(Locale.ROOT));
        return matcher.matches() ? matcher.group(1) : null;
    }

    public static String linkToken(byte[] secret, UUID deliveryId) {
        byte[] digest = macFor(secret).doFinal(("ack|" + deliveryId).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }

    /** A MAC keyed with the secret, kept per thread: looking the algorithm up costs more than the MAC (one per message). */
    private static Mac macFor(byte[] secret) {
        KeyedMac cached = MACS.get();
        if (cached == null || !Arrays.equals(cached.secret(), secret)) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret, "HmacSHA256"));
                cached = new KeyedMac(secret.clone(), mac);
                MACS.set(cached);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
        }
        return cached.mac(); // doFinal leaves it ready for the next message
    }

    private record KeyedMac(byte[] secret, Mac mac) {}

    private static final ThreadLocal<KeyedMac> MACS = new ThreadLocal<>();

    public static boolean linkTokenMatches(byte[] secret, UUID deliveryId, String token) {
        return token != null
                && java.security.MessageDigest.isEqual(
                        linkToken(secret, deliveryId).getBytes(StandardCharsets.UTF_8),
                        token.getBytes(StandardCharsets.UTF_8));
    }
}
