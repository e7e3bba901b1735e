package sos.bench.chaos;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import sos.contracts.EventJson;
import sos.contracts.RequestSignature;
import tools.jackson.databind.JsonNode;

/**
 * The recipients' side of the chaos run: takes every signed webhook of notification-service on
 * {@code /hooks/<recipient>}, refuses a bad signature (401), and keeps of each one only what the proof needs (which
 * alert, which event, which recipient, which {@code SOS-Delivery-Id}). It answers 204 to every good one, also to a
 * repeat, as a recipient that drops repeats by delivery id would.
 */
final class Receiver implements AutoCloseable {

    private static final int MAX_BODY = 512 * 1024;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private volatile byte[] secret = new byte[0];
    private final ConcurrentLinkedQueue<Verification.Delivery> deliveries = new ConcurrentLinkedQueue<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private volatile long lastReceivedNanos = System.nanoTime();
    private final Consumer<Verification.Delivery> onDelivery;

    Receiver(Consumer<Verification.Delivery> onDelivery) throws IOException {
        this.onDelivery = onDelivery;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.createContext("/hooks/", this::receive);
        server.setExecutor(executor);
        server.start();
    }

    /** The webhook secret of the stack (known once it has started; nothing is sent to the receiver before). */
    void secret(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    List<Verification.Delivery> deliveries() {
        return new ArrayList<>(deliveries);
    }

    long count() {
        return deliveries.size();
    }

    long refused() {
        return refused.get();
    }

    long unreadable() {
        return unreadable.get();
    }

    /** Nanoseconds (System.nanoTime) of the last webhook received. */
    long lastReceivedNanos() {
        return lastReceivedNanos;
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            lastReceivedNanos = System.nanoTime();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            RequestSignature.Verdict verdict = RequestSignature.verify(
                    exchange.getRequestHeaders().getFirst(RequestSignature.SIGNATURE_HEADER),
                    secret,
                    body,
                    Instant.now(),
                    RequestSignature.DEFAULT_TOLERANCE);
            if (!"POST".equals(exchange.getRequestMethod())
                    || body.length > MAX_BODY
                    || verdict != RequestSignature.Verdict.VALID) {
                refused.incrementAndGet();
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            String recipient = exchange.getRequestURI().getPath().substring("/hooks/".length());
            Verification.Delivery delivery;
            try {
                JsonNode payload = EventJson.mapper().readTree(body);
                JsonNode event = payload.path("event");
                String deliveryId = exchange.getRequestHeaders().getFirst("SOS-Delivery-Id");
                delivery = new Verification.Delivery(
                        event.path("alertId").asString(""),
                        event.path("eventType").asString(""),
                        recipient,
                        deliveryId == null ? payload.path("deliveryId").asString("") : deliveryId,
                        event.path("assignments").size());
            } catch (RuntimeException e) {
                unreadable.incrementAndGet();
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            deliveries.add(delivery);
            exchange.sendResponseHeaders(204, -1);
            onDelivery.accept(delivery);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
