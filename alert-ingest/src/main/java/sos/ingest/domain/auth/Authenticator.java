package sos.ingest.domain.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import sos.contracts.RequestSignature;
import sos.ingest.domain.ProblemType;
import sos.ingest.domain.consulate.ConsulateRegistry;
import sos.ingest.domain.consulate.ConsulateRegistry.KeyHolder;

/**
 * Checks the {@code SOS-Key-Id} and {@code SOS-Signature} of a request against the registry. An unknown or disabled key
 * is checked against a throw-away secret, so that it gets exactly the same answer as a known key with a wrong signature
 * (and takes the same work).
 */
public final class Authenticator {

    static final String MISSING_DETAIL = "Sign the request: the SOS-Key-Id and SOS-Signature headers are required.";
    static final String MALFORMED_DETAIL = "SOS-Signature must look like t=<unix seconds>,v1=<hex HMAC-SHA256>.";
    static final String INVALID_DETAIL = "Unknown key or bad signature.";

    private static final int MAX_KEY_ID_LENGTH = 200;
    private static final byte[] DECOY_SECRET = "decoy-secret-for-unknown-keys".getBytes(StandardCharsets.UTF_8);

    private final Supplier<ConsulateRegistry> registry;
    private final Duration tolerance;

    public Authenticator(ConsulateRegistry registry, Duration tolerance) {
        this(() -> registry, tolerance);
    }

    /** @param registry the registry of the moment: each request is checked against the one current when it arrives */
    public Authenticator(Supplier<ConsulateRegistry> registry, Duration tolerance) {
        this.registry = registry;
        this.tolerance = tolerance;
    }

    public Authentication authenticate(String keyId, String signature, byte[] body, Instant now) {
        if (keyId == null || keyId.isBlank() || signature == null || signature.isBlank()) {
            return new Authentication.Denied(ProblemType.AUTHENTICATION_REQUIRED, MISSING_DETAIL);
        }
        KeyHolder holder = keyId.length() > MAX_KEY_ID_LENGTH
                ? null
                : registry.get().findKey(keyId.trim()).orElse(null);
        byte[] secret = holder == null ? DECOY_SECRET : holder.key().secret();
        RequestSignature.Verdict verdict = RequestSignature.verify(signature, secret, body, now, tolerance);
        return switch (verdict) {
            case VALID ->
                holder == null
                        ? new Authentication.Denied(ProblemType.SIGNATURE_INVALID, INVALID_DETAIL)
                        : new Authentication.Authenticated(
                                holder.consulate(), holder.key().id());
            case MISSING -> new Authentication.Denied(ProblemType.AUTHENTICATION_REQUIRED, MISSING_DETAIL);
            case MALFORMED -> new Authentication.Denied(ProblemType.SIGNATURE_INVALID, MALFORMED_DETAIL);
            case STALE ->
                new Authentication.Denied(
                        ProblemType.SIGNATURE_STALE,
                        "The signature's timestamp is more than " + tolerance.toSeconds()
                                + " s away from the server's clock; sign again with the current time.");
            case BAD_SIGNATURE -> new Authentication.Denied(ProblemType.SIGNATURE_INVALID, INVALID_DETAIL);
        };
    }
}
