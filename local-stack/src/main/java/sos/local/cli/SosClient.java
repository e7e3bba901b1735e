package sos.local.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import sos.contracts.RequestSignature;

/**
 * Talks to the platform as a consulate and as an analyst would: signs alert requests with the consulate's key and asks
 * the audit API for timelines. Used by the CLI, the end-to-end test and the load generator.
 */
public final class SosClient {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String ingestUrl;
    private final String auditUrl;
    private final String keyId;
    private final byte[] secret;
    private final String analystToken;

    public SosClient(String ingestUrl, String auditUrl, String keyId, String secret, String analystToken) {
        this.ingestUrl = ingestUrl;
        this.auditUrl = auditUrl;
        this.keyId = keyId;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.analystToken = analystToken;
    }

    /** POST /api/v1/alerts, signed now, with a fresh Idempotency-Key. */
    public Response raiseAlert(String json) throws IOException, InterruptedException {
        return raiseAlert(json, UUID.randomUUID().toString());
    }

    public Response raiseAlert(String json, String idempotencyKey) throws IOException, InterruptedException {
        return send(signedRequest(
                URI.create(ingestUrl + "/api/v1/alerts"),
                keyId,
                secret,
                json.getBytes(StandardCharsets.UTF_8),
                idempotencyKey));
    }

    /**
     * A POST of {@code body} to alert-ingest as a consulate: signed now with its key, with an Idempotency-Key unless
     * null. For the load generators too, which send it asynchronously.
     */
    public static HttpRequest signedRequest(URI uri, String keyId, byte[] secret, byte[] body, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .header(RequestSignature.KEY_ID_HEADER, keyId)
                .header(RequestSignature.SIGNATURE_HEADER, RequestSignature.sign(secret, Instant.now(), body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** POST /api/v1/alerts/{alertId}/locations, signed now. */
    public Response updateLocation(String alertId, String json) throws IOException, InterruptedException {
        return signedPost("/api/v1/alerts/" + alertId + "/locations", json);
    }

    /** POST /api/v1/alerts/{alertId}/cancel with the PIN, signed now. */
    public Response cancelAlert(String alertId, String json) throws IOException, InterruptedException {
        return signedPost("/api/v1/alerts/" + alertId + "/cancel", json);
    }

    /** GET /api/v1/alerts/{alertId}, signed over the empty body. */
    public Response alertStatus(String alertId) throws IOException, InterruptedException {
        return signedGet("/api/v1/alerts/" + alertId);
    }

    /** GET /api/v1/alerts?status=open, signed over the empty body. */
    public Response openAlerts() throws IOException, InterruptedException {
        return signedGet("/api/v1/alerts?status=open");
    }

    private Response signedPost(String path, String json) throws IOException, InterruptedException {
        return send(signedRequest(
                URI.create(ingestUrl + path), keyId, secret, json.getBytes(StandardCharsets.UTF_8), null));
    }

    private Response signedGet(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(ingestUrl + path))
                .timeout(Duration.ofSeconds(15))
                .header(RequestSignature.KEY_ID_HEADER, keyId)
                .header(RequestSignature.SIGNATURE_HEADER, RequestSignature.sign(secret, Instant.now(), new byte[0]))
                .header("Accept", "application/json")
                .GET()
                .build();
        return send(request);
    }

    /** GET /api/v1/audit/alerts/{alertId}/timeline with the analyst's token. */
    public Response timeline(String alertId) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(auditUrl + "/api/v1/audit/alerts/" + alertId + "/timeline"))
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + analystToken)
                .header("Accept", "application/json")
                .GET()
                .build();
        return send(request);
    }

    private Response send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""),
                response.headers().firstValue("Location").orElse(null),
                response.body());
    }

    /** What the server answered. */
    public record Response(int status, String contentType, String location, String body) {}
}
