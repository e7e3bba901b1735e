package sos.bench.dispatch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import sos.contracts.EventJson;

/**
 * Unit positions as an AVL gateway sends them to dispatch-service ({@code POST /api/v1/units/positions}, a batch of
 * reports a request), and the unit API's tokens: what the load generators share.
 */
public final class GatewayPositions {

    /** The gateway the bench configures in the stack, for both agencies. */
    public static final String GATEWAY = "bench-avl";

    private GatewayPositions() {}

    /** The environment that makes dispatch-service accept {@link #GATEWAY} with this token secret. */
    public static Map<String, String> serviceEnv(String gatewaySecret) {
        return Map.of(
                "SOS_DISPATCH_GATEWAYS",
                GATEWAY + "=POLICE+RANGERS",
                "SOS_DISPATCH_GATEWAY_TOKEN_SECRET",
                gatewaySecret);
    }

    /** A random secret for {@link #serviceEnv}. */
    public static String randomSecret() {
        return HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(24));
    }

    /** The ids of every unit of the fleet, from the ops API. */
    public static List<String> units(HttpClient http, String dispatch, String opsToken)
            throws IOException, InterruptedException {
        HttpResponse<String> list = http.send(
                HttpRequest.newBuilder(URI.create(dispatch + "/api/v1/units"))
                        .header("Authorization", "Bearer " + opsToken)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        List<String> units = new ArrayList<>();
        EventJson.mapper()
                .readTree(list.body())
                .forEach(unit -> units.add(unit.path("unitId").asString()));
        return units;
    }

    /** The fix time of report {@code g} of a phase: the time it is due (one every 1 / rate seconds). */
    static Instant fixTime(long wallStartNanos, long g, int rate) {
        return Instant.ofEpochSecond(0, wallStartNanos + g * (TimeUnit.SECONDS.toNanos(1) / rate));
    }

    static String fix(long g, Instant at) {
        double lat = 24.80 + (g % 1000) * 0.0001;
        double lon = 67.00 + (g % 977) * 0.0001;
        return "\"lat\":" + lat + ",\"lon\":" + lon + ",\"at\":\"" + at + "\",\"speedKmh\":30";
    }

    /**
     * Request {@code k} of a gateway sending {@code rate} reports a second in batches of {@code batch}: reports k *
     * batch ... (k + 1) * batch - 1, the units in turn, each with its own fix time; it goes out when its last fix is
     * due.
     */
    public static HttpRequest batch(
            URI positions, String token, List<String> units, long k, int batch, int rate, long wallStartNanos) {
        StringBuilder body = new StringBuilder(batch * 140).append('[');
        for (int j = 0; j < batch; j++) {
            long g = k * batch + j;
            Instant at = fixTime(wallStartNanos, g - batch + 1, rate);
            body.append(j == 0 ? "" : ",")
                    .append("{\"unitId\":\"")
                    .append(units.get((int) (g % units.size())))
                    .append("\",")
                    .append(fix(g, at))
                    .append('}');
        }
        return HttpRequest.newBuilder(positions)
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.append(']').toString()))
                .build();
    }

    /** A unit's (or a gateway's) Bearer token as dispatch-service derives it: hex HMAC-SHA256(id). */
    public static String token(String secret, String id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
