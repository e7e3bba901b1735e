package sos.audit.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every bearer token the audit API accepts and whom it stands for. A presented token is hashed and compared with every
 * configured one in constant time ({@link MessageDigest#isEqual}), whichever matches.
 */
public final class Credentials {

    private static final String BEARER = "bearer ";

    private record Entry(byte[] digest, Caller caller) {}

    private final List<Entry> entries;

    private Credentials(List<Entry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("at least one analyst token must be configured");
        }
        this.entries = List.copyOf(entries);
    }

    /**
     * @param analystTokens comma-separated ({@code SOS_AUDIT_ANALYST_TOKEN})
     * @param adminTokens comma-separated ({@code SOS_AUDIT_ADMIN_TOKEN}); may be blank
     * @param consulateTokens comma-separated {@code consulate-id=token} pairs ({@code SOS_AUDIT_CONSULATE_TOKENS}); may
     *     be blank
     */
    public static Credentials parse(String analystTokens, String adminTokens, String consulateTokens) {
        List<Entry> entries = new ArrayList<>();
        boolean analyst = false;
        for (String token : split(analystTokens)) {
            entries.add(entry(token, Caller.Role.ANALYST, null));
            analyst = true;
        }
        if (!analyst) {
            throw new IllegalArgumentException("at least one analyst token must be configured");
        }
        for (String token : split(adminTokens)) {
            entries.add(entry(token, Caller.Role.ADMIN, null));
        }
        for (String pair : split(consulateTokens)) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new IllegalArgumentException("consulate tokens are consulate-id=token pairs");
            }
            entries.add(entry(
                    pair.substring(eq + 1).strip(),
                    Caller.Role.CONSULATE,
                    pair.substring(0, eq).strip()));
        }
        return new Credentials(entries);
    }

    /** Who an {@code Authorization} header stands for; empty when missing or not a configured bearer token. */
    public Optional<Caller> authenticate(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            return Optional.empty();
        }
        String header = authorizationHeader.strip();
        if (header.length() <= BEARER.length()
                || !header.substring(0, BEARER.length())
                        .toLowerCase(Locale.ROOT)
                        .equals(BEARER)) {
            return Optional.empty();
        }
        byte[] presented = sha256(header.substring(BEARER.length()).strip());
        Caller found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), presented) && found == null) {
                found = entry.caller();
            }
        }
        return Optional.ofNullable(found);
    }

    private static Entry entry(String token, Caller.Role role, String consulateId) {
        byte[] digest = sha256(token);
        String fingerprint = HexFormat.of().formatHex(digest).substring(0, 8);
        String principal = role.name().toLowerCase(Locale.ROOT)
                + (consulateId == null ? "" : ":" + consulateId)
                + "#" + fingerprint;
        return new Entry(digest, new Caller(role, consulateId, principal));
    }

    private static List<String> split(String commaSeparated) {
        List<String> values = new ArrayList<>();
        if (commaSeparated == null) {
            return values;
        }
        for (String value : commaSeparated.split(",")) {
            if (!value.isBlank()) {
                values.add(value.strip());
            }
        }
        return values;
    }

    private static byte[] sha256(String token) {
        return ChainHash.sha256().digest(token.getBytes(StandardCharsets.UTF_8));
    }
}
