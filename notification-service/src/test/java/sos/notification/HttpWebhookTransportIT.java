package sos.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
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

    @Test
    void shouldPostOnceMoreOnANewConnectionWhenTheRecipientClosedTheKeptAliveOneUnanswered() throws Exception {
        // a recipient that answers the first request of each connection and closes it at the second without an answer,
        // as a server closing idle keep-alive connections does when it has too many
        AtomicInteger connections = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        try (ServerSocket recipient = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!recipient.isClosed()) {
                    try (Socket connection = recipient.accept()) {
                        connections.incrementAndGet();
                        var in = new java.io.BufferedInputStream(connection.getInputStream());
                        readRequest(in);
                        connection
                                .getOutputStream()
                                .write("HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        connection.getOutputStream().flush();
                        answered.incrementAndGet();
                        readRequest(in); // the second request on this connection: closed unanswered
                    } catch (IOException e) {
                        // closed
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            URI hook = URI.create("http://127.0.0.1:" + recipient.getLocalPort() + "/hook");

            assertThat(transport.post(hook, Map.of("Content-Type", "application/json"), new byte[] {'{', '}'}))
                    .isEqualTo(new AttemptResult.Answered(204));
            assertThat(transport.post(hook, Map.of("Content-Type", "application/json"), new byte[] {'{', '}'}))
                    .isEqualTo(new AttemptResult.Answered(204));

            assertThat(answered).hasValue(2);
            assertThat(connections).hasValue(2);
        }
    }

    /** Reads one HTTP/1.1 request with a Content-Length body. */
    private static void readRequest(java.io.InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new java.io.EOFException();
            }
            head.append((char) b);
        }
        java.util.regex.Matcher length =
                java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        if (length.find()) {
            in.readNBytes(Integer.parseInt(length.group(1)));
        }
    }
}
