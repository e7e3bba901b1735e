package sos.dispatch;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Each unit's Bearer token: an explicit one from {@code SOS_DISPATCH_UNIT_TOKENS}, else hex HMAC-SHA256 of the unit id
 * under {@code SOS_DISPATCH_UNIT_TOKEN_SECRET}. Compared in constant time; tokens never appear in logs.
 */
final class UnitTokens {

    /** Derived tokens are cached (one HMAC per unit, not per request), up to this many unit ids. */
    static final int MAX_CACHED = 100_000;

    private final Map<String, byte[]> explicit = new HashMap<>();
    private final Map<String, byte[]> derived = new ConcurrentHashMap<>();
    private final byte[] secret;

    UnitTokens(String secret, String explicitTokens) {
        this.secret = secret == null || secret.isBlank() ? null : secret.getBytes(StandardCharsets.UTF_8);
        if (explicitTokens != null) {
            for (String pair : explicitTokens.split(",")) {
                int eq = pair.indexOf('=');
                if (pair.isBlank()) {
                    continue;
                }
                if (eq <= 0 || eq == pair.length() - 1) {
                    throw new IllegalArgumentException(
                            "SOS_DISPATCH_UNIT_TOKENS must be unitId=token pairs separated by commas");
                }
                explicit.put(
                        pair.substring(0, eq).trim(),
                        pair.substring(eq + 1).trim().getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** The token of a unit, or null when it has none. */
    String tokenFor(String unitId) {
        byte[] token = expected(unitId);
        return token == null ? null : new String(token, StandardCharsets.UTF_8);
    }

    boolean matches(String unitId, byte[] presented) {
        byte[] expected = expected(unitId);
        return expected != null && MessageDigest.isEqual(expected, presented);
    }

    private byte[] expected(String unitId) {
        byte[] token = explicit.get(unitId);
        if (token != null || secret == null) {
            return token;
        }
        token = derived.get(unitId);
        if (token == null) {
            token = derive(secret, unitId);
            if (derived.size() < MAX_CACHED) {
                derived.put(unitId, token);
            }
        }
        return token;
    }

    /** Hex HMAC-SHA256 of {@code id} under {@code secret}, as bytes: how unit and gateway tokens are derived. */
    static byte[] derive(byte[] secret, String id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of()
                    .formatHex(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)))
                    .getBytes(StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
