package sos.bench.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The recipients' side of all three systems, in the bench's JVM (one clock for send and receipt times): notes when the
 * first notification for each key arrived and answers 204 at once. Paths: {@code /hooks/<recipient>} for the stack's
 * webhooks (key: the event's alert id), {@code /floor/<key>} for the Kafka floor, {@code /alertmanager} for
 * Alertmanager's webhook (key: the alert's {@value Alertmanager#LABEL} label). Signatures are not checked: the time
 * is taken before the body is read, and a check would only add the bench's own CPU to every system alike.
 */
final class Receiver implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads;
    private final Map<String, Long> firstReceipts = new ConcurrentHashMap<>();
    private final AtomicLong notifications = new AtomicLong();

    private Receiver(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    static Receiver start() throws IOException {
        // answers at once (no Nagle delay on the small answers)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        keepConnections();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1000);
        ExecutorService threads = Executors.newFixedThreadPool(16, task -> {
            Thread thread = new Thread(task, "bench-receiver");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        Receiver receiver = new Receiver(server, threads);
        server.createContext("/hooks/", exchange -> receiver.receive(exchange, body -> after(body, "\"alertId\":\"")));
        server.createContext("/floor/", exchange -> receiver.receive(exchange, body -> null));
        server.createContext(
                "/alertmanager",
                exchange -> receiver.receive(exchange, body -> after(body, "\"" + Alertmanager.LABEL + "\":\"")));
        server.start();
        return receiver;
    }

    /**
     * Keeps every idle connection open for an hour: by default the JDK's server closes a connection as soon as 200 others
     * are idle (and any after 30 s), and a client that reuses one just closed gets no answer (notification-service saw
     * NoHttpResponseException, opened its circuit breaker and gave deliveries up; Alertmanager retried after a
     * back-off). Set before the first server of this JVM starts; for the floor's server too.
     */
    static void keepConnections() {
        System.setProperty("sun.net.httpserver.maxIdleConnections", "100000");
        System.setProperty("sun.net.httpserver.idleInterval", "3600");
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** When the first notification of each key arrived ({@link System#nanoTime()}). */
    Map<String, Long> firstReceipts() {
        return firstReceipts;
    }

    /** Every notification received so far, first or not. */
    long notifications() {
        return notifications.get();
    }

    /** Forgets the receipts of earlier phases (their keys are never sent again). */
    void clear() {
        firstReceipts.clear();
    }

    private void receive(HttpExchange exchange, Function<String, String> keyInBody) throws IOException {
        long now = System.nanoTime();
        try (exchange;
                InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            String key = path.startsWith("/floor/") ? path.substring("/floor/".length()) : keyInBody.apply(body);
            if (key != null) {
                firstReceipts.putIfAbsent(key, now);
            }
            notifications.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
        }
    }

    /** The UUID that follows the first {@code marker} in {@code body}, or null. */
    static String after(String body, String marker) {
        int at = body.indexOf(marker);
        int end = at + marker.length() + 36;
        return at < 0 || end > body.length() ? null : body.substring(at + marker.length(), end);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
