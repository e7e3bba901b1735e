package sos.ingest.domain.consulate;

import java.nio.charset.StandardCharsets;

/**
 * A signing key a consulate uses to sign its requests. A key whose secret is blank is disabled, and a revoked key is
 * refused at once: both are kept in the configuration for the record but authenticate nothing. The secret never
 * appears in {@link #toString()}.
 */
public final class ApiKey {

    private final String id;
    private final byte[] secret;
    private final boolean revoked;

    public ApiKey(String id, String secret, boolean revoked) {
        Consulate.requireText(id, "key id");
        this.id = id;
        this.secret = secret == null || secret.isBlank() ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
        this.revoked = revoked;
    }

    public ApiKey(String id, String secret) {
        this(id, secret, false);
    }

    public String id() {
        return id;
    }

    /** Usable to sign requests: has a secret and is not revoked. */
    public boolean enabled() {
        return secret.length > 0 && !revoked;
    }

    public boolean revoked() {
        return revoked;
    }

    /** A copy of the secret's bytes (UTF-8). */
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public String toString() {
        return "ApiKey[id=" + id + ", enabled=" + enabled() + ", revoked=" + revoked + "]";
    }
}
