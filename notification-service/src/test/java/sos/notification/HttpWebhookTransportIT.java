package sos.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sos.notification.domain.delivery.AttemptResult;

/** The HTTP client of the webhook, SMS and WhatsApp channels against a real local HTTP server. */
class HttpWebhookTransportIT {

    private HttpServer server;
    private HttpWebhookTransport transport;
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private final AtomicReference<String> receivedBody = new AtomicReference<>();
    private final AtomicReference<String> receivedSignature = new AtomicReference<>();
    private final AtomicReference<String> receivedType = new AtomicReference<>();

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/ok", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            receivedBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            receivedSignature.set(exchange.getRequestHeaders().getFirst("SOS-Signature"));
            receivedType.set(exchange.getRequestHeaders().getFirst("Content-Type"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/refuse", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(410, -1);
            exchange.close();
        });
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        transport = new HttpWebhookTransport(Duration.ofSeconds(1), Duration.ofMillis(500), 4);
    }

    @AfterEach
    void stopServer() {
        transport.close();
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void shouldPostTheExactBodyAndHeadersAndReportTheStatus() throws Exception {
        AttemptResult result = transport.post(
                url("/ok"),
                Map.of("Content-Type", "application/json", "SOS-Signature", "t=1,v1=ab"),
                "{\"a\":\"ü\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(result).isEqualTo(new AttemptResult.Answered(204));
        assertThat(receivedBody.get()).isEqualTo("{\"a\":\"ü\"}");
        assertThat(receivedSignature.get()).isEqualTo("t=1,v1=ab");
        assertThat(receivedType.get()).isEqualTo("application/json");
    }

    @Test
    void shouldReportAClientErrorAsAnAnswer() throws Exception {
        assertThat(transport.post(url("/refuse"), Map.of("Content-Type", "text/plain"), new byte[] {1}))
                .isEqualTo(new AttemptResult.Answered(410));
    }

    @Test
    void shouldTimeOutASlowRecipientWithinTheRequestTimeout() throws Exception {
        long start = System.nanoTime();
        AttemptResult result = transport.post(url("/slow"), Map.of("Content-Type", "application/json"), new byte[0]);

        assertThat(result).isEqualTo(new AttemptResult.TimedOut());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
    }

    @Test
    void shouldReportARefusedConnectionAsAnIoErrorNamingNoUrl() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        AttemptResult result = transport.post(
                URI.create("http://127.0.0.1:" + closedPort + "/hook?token=secret"),
                Map.of("Content-Type", "application/json"),
                new byte[0]);

        assertThat(result).isEqualTo(new AttemptResult.IoError("ConnectException"));
    }

    @Test
    void shouldKeepConnectionsAliveAcrossRequests() throws Exception {
        for (int i = 0; i < 100; i++) {
            assertThat(transport.post(url("/ok"), Map.of("Content-Type", "application/json"), new byte[] {'{', '}'}))
                    .isEqualTo(new AttemptResult.Answered(204));
        }
        assertThat(clientPorts).hasSize(1);
    }
}
