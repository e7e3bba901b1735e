package sos.audit.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The bearer tokens that let an analyst read the trail. Checking a presented token takes the same time whichever token
 * it is compared with and however much of it matches: both sides are hashed to a fixed length, compared with
 * {@link MessageDigest#isEqual}, and every configured token is always compared.
 */
public final class AnalystTokens {

    private static final String BEARER = "bearer ";

    private final List<byte[]> digests;

    public AnalystTokens(Collection<String> tokens) {
        List<byte[]> accepted = new ArrayList<>();
        for (String token : tokens) {
            if (token != null && !token.isBlank()) {
                accepted.add(sha256(token.strip()));
            }
        }
        if (accepted.isEmpty()) {
            throw new IllegalArgumentException("at least one analyst token must be configured");
        }
        this.digests = List.copyOf(accepted);
    }

    /** Parses a comma-separated list, as in the {@code SOS_AUDIT_ANALYST_TOKEN} variable. */
    public static AnalystTokens parse(String commaSeparated) {
        return new AnalystTokens(List.of(commaSeparated == null ? new String[0] : commaSeparated.split(",")));
    }

    public int size() {
        return digests.size();
    }

    /** Whether an {@code Authorization} header value carries one of the tokens ({@code Bearer <token>}). */
    public Verdict check(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            return Verdict.MISSING;
        }
        String header = authorizationHeader.strip();
        if (header.length() <= BEARER.length()
                || !header.substring(0, BEARER.length())
                        .toLowerCase(Locale.ROOT)
                        .equals(BEARER)) {
            return Verdict.INVALID;
        }
        byte[] presented = sha256(header.substring(BEARER.length()).strip());
        boolean match = false;
        for (byte[] digest : digests) {
            match |= MessageDigest.isEqual(digest, presented);
        }
        return match ? Verdict.ACCEPTED : Verdict.INVALID;
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    public enum Verdict {
        ACCEPTED,
        /** No credentials at all. */
        MISSING,
        /** Credentials that are not a valid analyst bearer token. */
        INVALID
    }
}
