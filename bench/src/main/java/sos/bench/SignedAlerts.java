package sos.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import sos.local.cli.SosClient;

/** The alert the load generators send, as a consulate's system sends it: signed, with an Idempotency-Key. */
public final class SignedAlerts {

    /** An ARMED_ATTACK at the demo consulate's chancery (district SOUTH), about the size of a real press. */
    public static final byte[] BODY = ("{\"type\":\"ARMED_ATTACK\",\"location\":{\"lat\":24.8138,\"lon\":67.03},"
                    + "\"premisesId\":\"chancery\",\"description\":\"bench load\"}")
            .getBytes(StandardCharsets.UTF_8);

    private SignedAlerts() {}

    /** {@code POST /api/v1/alerts} with {@link #BODY}, signed now with the consulate's key. */
    public static HttpRequest post(URI alerts, String keyId, byte[] secret, String idempotencyKey) {
        return SosClient.signedRequest(alerts, keyId, secret, BODY, idempotencyKey);
    }
}
