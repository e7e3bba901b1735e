package sos.ingest.domain.consulate;

import java.nio.charset.StandardCharsets;

/**
 * A signing key a consulate uses to sign its requests. A key whose secret is blank is disabled: it is kept in the
 * configuration for the record but authenticates nothing. The secret never appears in {@link #toString()}.
 */
public final class ApiKey {

    private final String id;
    private final byte[] secret;

    public ApiKey(String id, String secret) {
        Consulate.requireText(id, "key id");
        this.id = id;
        this.secret = secret == null || secret.isBlank() ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
    }

    public String id() {
        return id;
    }

    public boolean enabled() {
        return secret.length > 0;
    }

    /** A copy of the secret's bytes (UTF-8). */
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public String toString() {
        return "ApiKey[id=" + id + ", enabled=" + enabled() + "]";
    }
}
