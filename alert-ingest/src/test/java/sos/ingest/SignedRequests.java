package sos.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import sos.contracts.RequestSignature;

/** A consulate's client for tests: signs requests the way the API documents, over a real HTTP connection. */
final class SignedRequests {

    /** The JDK client's defaults (it offers an h2c upgrade), as consulates' Java clients and the local stack's CLI use it. */
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;
    private final String baseUrl;
    private final String keyId;
    private final byte[] secret;

    SignedRequests(int port, String keyId, String secret) {
        this.port = port;
        this.baseUrl = "http://127.0.0.1:" + port;
        this.keyId = keyId;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    SignedRequests as(String otherKeyId, String otherSecret) {
        return new SignedRequests(port, otherKeyId, otherSecret);
    }

    /** A POST of {@code json} to /api/v1/alerts, signed now, ready for more headers. */
    HttpRequest.Builder alert(String json) {
        return alert(json.getBytes(StandardCharsets.UTF_8), Instant.now());
    }

    HttpRequest.Builder alert(byte[] body, Instant signedAt) {
        return unsigned("/api/v1/alerts")
                .header("Content-Type", "application/json")
                .header(RequestSignature.KEY_ID_HEADER, keyId)
                .header(RequestSignature.SIGNATURE_HEADER, RequestSignature.sign(secret, signedAt, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    /** A signed POST of {@code body} to {@code path} with this content type. */
    HttpRequest.Builder post(String path, String contentType, byte[] body) {
        return unsigned(path)
                .header("Content-Type", contentType)
                .header(RequestSignature.KEY_ID_HEADER, keyId)
                .header(RequestSignature.SIGNATURE_HEADER, RequestSignature.sign(secret, Instant.now(), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    HttpRequest.Builder post(String path, String json) {
        return post(path, "application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A POST whose body is streamed in chunks, without Content-Length. */
    HttpRequest.Builder chunkedAlert(byte[] body) {
        return unsigned("/api/v1/alerts")
                .header("Content-Type", "application/json")
                .header(RequestSignature.KEY_ID_HEADER, keyId)
                .header(RequestSignature.SIGNATURE_HEADER, RequestSignature.sign(secret, Instant.now(), body))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
    }

    /** A GET signed over the empty body. */
    HttpRequest.Builder get(String path) {
        return unsigned(path)
                .header(RequestSignature.KEY_ID_HEADER, keyId)
                .header(RequestSignature.SIGNATURE_HEADER, RequestSignature.sign(secret, Instant.now(), new byte[0]))
                .GET();
    }

    HttpRequest.Builder unsigned(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(20));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpClient client() {
        return client;
    }
}
