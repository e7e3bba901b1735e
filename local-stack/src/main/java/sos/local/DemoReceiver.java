package sos.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import sos.contracts.EventJson;
import sos.contracts.RequestSignature;
import tools.jackson.databind.JsonNode;

/**
 * Stands in for the recipients' systems on a local machine (control rooms, Rangers, consulates): receives the signed
 * webhooks of notification-service on {@code /hooks/<recipient>}, refuses any whose signature is wrong, prints one
 * line per delivery, appends it to {@code inbox.ndjson} and lists the latest on {@code GET /inbox}.
 */
final class DemoReceiver implements AutoCloseable {

    private static final int MAX_BODY = 256 * 1024;
    private static final int KEEP = 500;

    private final HttpServer server;
    private final byte[] secret;
    private final Path inbox;
    private final Deque<String> latest = new ArrayDeque<>();

    private DemoReceiver(HttpServer server, byte[] secret, Path inbox) {
        this.server = server;
        this.secret = secret;
        this.inbox = inbox;
    }

    static DemoReceiver start(int port, String secret, Path inbox) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
        DemoReceiver receiver = new DemoReceiver(server, secret.getBytes(StandardCharsets.UTF_8), inbox);
        server.createContext("/hooks/", receiver::receive);
        server.createContext("/inbox", receiver::list);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return receiver;
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (body.length > MAX_BODY) {
                exchange.sendResponseHeaders(413, -1);
                return;
            }
            RequestSignature.Verdict verdict = RequestSignature.verify(
                    exchange.getRequestHeaders().getFirst(RequestSignature.SIGNATURE_HEADER),
                    secret,
                    body,
                    Instant.now(),
                    RequestSignature.DEFAULT_TOLERANCE);
            String recipient = exchange.getRequestURI().getPath().substring("/hooks/".length());
            if (verdict != RequestSignature.Verdict.VALID) {
                System.out.println("[receiver] REFUSED webhook for " + recipient + ": signature " + verdict);
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            record(recipient, body);
            exchange.sendResponseHeaders(204, -1);
        }
    }

    private synchronized void record(String recipient, byte[] body) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("receivedAt", Instant.now().toString());
        line.put("recipientId", recipient);
        JsonNode payload;
        try {
            payload = EventJson.mapper().readTree(body);
        } catch (RuntimeException e) {
            payload = EventJson.mapper().getNodeFactory().textNode(new String(body, StandardCharsets.UTF_8));
        }
        line.put("webhook", payload);
        String json = EventJson.mapper().writeValueAsString(line);
        Files.writeString(
                inbox, json + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        latest.addLast(json);
        while (latest.size() > KEEP) {
            latest.removeFirst();
        }
        String message = payload.path("message").asString("");
        System.out.println("[receiver] " + recipient + " <- "
                + (message.isEmpty() ? payload.path("event").path("eventType").asString("") : message));
    }

    private void list(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            synchronized (this) {
                body = "[" + String.join(",", latest) + "]";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
