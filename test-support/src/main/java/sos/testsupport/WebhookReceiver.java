package sos.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import sos.contracts.RequestSignature;

/**
 * A real HTTP server on loopback that receives signed webhooks the way a recipient would: it checks the
 * {@code SOS-Signature} header against the shared secret and records every delivery. Paths are
 * {@code /hooks/<recipientId>}.
 */
public final class WebhookReceiver implements AutoCloseable {

    private static final int MAX_BODY = 256 * 1024;

    private final HttpServer server;
    private final byte[] secret;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Delivery> arrivals = new LinkedBlockingQueue<>();
    private final AtomicInteger failuresToInject = new AtomicInteger();
    private volatile Predicate<String> failOnly = body -> true;

    private WebhookReceiver(HttpServer server, byte[] secret) {
        this.server = server;
        this.secret = secret;
    }

    /** Starts on the given port (0 for any free port). */
    public static WebhookReceiver start(int port, byte[] secret) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        WebhookReceiver receiver = new WebhookReceiver(server, secret.clone());
        server.createContext("/hooks/", receiver::handle);
        server.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "webhook-receiver");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return receiver;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI urlFor(String recipientId) {
        return URI.create("http://127.0.0.1:" + port() + "/hooks/" + recipientId);
    }

    /** The next {@code count} requests get 503, to exercise the sender's retries. */
    public void failNext(int count) {
        failNextMatching(count, body -> true);
    }

    /**
     * The next {@code count} requests whose body matches get 503; others pass. Lets a test fail only its own deliveries
     * while deliveries of earlier tests (late retries, escalations) still arrive.
     */
    public void failNextMatching(int count, Predicate<String> body) {
        failOnly = body;
        failuresToInject.set(count);
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Waits for a delivery that matches; returns null when none arrives in time. */
    public Delivery await(Predicate<Delivery> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Delivery seen : deliveries) {
            if (match.test(seen)) {
                return seen;
            }
        }
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            Delivery next = arrivals.poll(left, TimeUnit.NANOSECONDS);
            if (next != null && match.test(next)) {
                return next;
            }
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
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
            String signature = exchange.getRequestHeaders().getFirst(RequestSignature.SIGNATURE_HEADER);
            RequestSignature.Verdict verdict =
                    RequestSignature.verify(signature, secret, body, Instant.now(), RequestSignature.DEFAULT_TOLERANCE);
            if (verdict != RequestSignature.Verdict.VALID) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            if (failOnly.test(new String(body, StandardCharsets.UTF_8))
                    && failuresToInject.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String recipient = path.substring("/hooks/".length());
            Delivery delivery = new Delivery(
                    recipient,
                    new String(body, StandardCharsets.UTF_8),
                    Map.copyOf(exchange.getRequestHeaders().entrySet().stream()
                            .collect(java.util.stream.Collectors.toMap(
                                    e -> e.getKey().toLowerCase(java.util.Locale.ROOT),
                                    e -> e.getValue().get(0),
                                    (a, b) -> a))),
                    Instant.now());
            deliveries.add(delivery);
            arrivals.add(delivery);
            exchange.sendResponseHeaders(204, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** One accepted webhook: who it was for, its raw JSON body, its headers (lower-case names) and when it came. */
    public record Delivery(String recipientId, String body, Map<String, String> headers, Instant receivedAt) {}
}
