package sos.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static sos.ingest.ProblemAssertions.assertProblem;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The service pointed at a port where no broker listens: it must answer 503, never a 202 it cannot back. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "SOS_DEMO_KEY_SECRET=" + AlertIngestBrokerDownIT.SECRET,
            "SOS_INGEST_PIN_HASH_ITERATIONS=10000",
            "sos.ingest.publish-timeout=1s",
            "spring.kafka.admin.auto-create=false"
        })
class AlertIngestBrokerDownIT {

    static final String SECRET = "broker-down-secret";
    private static final String ALERT = "{\"type\":\"FIRE\",\"location\":{\"lat\":24.8138,\"lon\":67.03}}";

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void noBroker(DynamicPropertyRegistry registry) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + closedPort);
    }

    @Test
    void shouldAnswerServiceUnavailableWithRetryAfterWithinTheTimeoutWhenTheBrokerIsDown() {
        SignedRequests germany = new SignedRequests(port, "de-demo-1", SECRET);
        String key = UUID.randomUUID().toString();

        long started = System.nanoTime();
        HttpResponse<String> first = germany.send(germany.alert(ALERT).header("Idempotency-Key", key));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertProblem(first, 503, "broker-unavailable");
        assertThat(first.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(first.headers().firstValue("Location")).isEmpty();
        assertThat(took).isLessThan(Duration.ofSeconds(4));

        HttpResponse<String> retry = germany.send(germany.alert(ALERT).header("Idempotency-Key", key));

        assertProblem(retry, 503, "broker-unavailable");
        assertThat(retry.headers().firstValue("Idempotent-Replayed"))
                .as("a 503 is not replayed")
                .isEmpty();
    }

    @Test
    void shouldStillRefuseBadInputAtOnceWhenTheBrokerIsDown() {
        SignedRequests germany = new SignedRequests(port, "de-demo-1", SECRET);

        long started = System.nanoTime();
        HttpResponse<String> response = germany.send(germany.alert("{\"type\":\"FIRE\"}"));

        assertProblem(response, 422, "validation");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void shouldStayAliveButNotReadyWhileNoBrokerAnswers() throws Exception {
        SignedRequests anyone = new SignedRequests(port, "de-demo-1", SECRET);
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(anyone.send(anyone.unsigned("/actuator/health/readiness")
                                        .GET())
                                .statusCode())
                        .as("not ready: a load balancer sends consulates elsewhere")
                        .isEqualTo(503));
        assertThat(anyone.send(anyone.unsigned("/actuator/health/liveness").GET())
                        .statusCode())
                .as("alive: a restart would not bring the broker")
                .isEqualTo(200);
    }
}
