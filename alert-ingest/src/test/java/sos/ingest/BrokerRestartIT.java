package sos.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static sos.ingest.ProblemAssertions.assertProblem;
import static sos.ingest.ProblemAssertions.json;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import sos.contracts.AlertRaised;
import sos.contracts.SosEvent;
import sos.contracts.Topics;

/**
 * The embedded broker is stopped and started again inside the test: while it is down the answer is 503 with
 * Retry-After and nothing is accepted; once it is back, a retry with the same Idempotency-Key is stored exactly once.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "SOS_DEMO_KEY_SECRET=" + BrokerRestartIT.SECRET,
            "SOS_INGEST_PIN_HASH_ITERATIONS=10000",
            "SOS_INGEST_PUBLISH_TIMEOUT=1s",
            "SOS_INGEST_REPEAT_WINDOW=0s",
            "sos.kafka.partitions=1"
        })
class BrokerRestartIT {

    static final String SECRET = "broker-restart-secret";
    private static EmbeddedKafkaKraftBroker broker;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) throws IOException {
        int fixedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            fixedPort = socket.getLocalPort();
        }
        broker = new EmbeddedKafkaKraftBroker(1, 1).kafkaPorts(fixedPort);
        broker.brokerProperty("auto.create.topics.enable", "false");
        // the restarted broker may register again only once its old session expired: keep that short
        broker.brokerProperty("broker.session.timeout.ms", "2000");
        broker.brokerProperty("broker.heartbeat.interval.ms", "500");
        broker.afterPropertiesSet();
        registry.add("spring.kafka.bootstrap-servers", broker::getBrokersAsString);
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @Test
    void shouldAnswer503WhileTheBrokerIsDownAndStoreTheRetryExactlyOnceWhenItIsBack() throws Exception {
        SignedRequests germany = new SignedRequests(port, "de-demo-1", SECRET);
        String marker = "broker-restart-" + System.nanoTime();
        String alert =
                "{\"type\":\"FIRE\",\"location\":{\"lat\":24.8138,\"lon\":67.03},\"description\":\"" + marker + "\"}";
        assertThat(germany.send(germany.alert("{\"type\":\"FIRE\",\"location\":{\"lat\":24.8,\"lon\":67.0}}"))
                        .statusCode())
                .as("the broker is up at first")
                .isEqualTo(202);
        Map<TopicPartition, Long> start;
        try (AlertsTopic alerts = new AlertsTopic(broker.getBrokersAsString(), Topics.ALERTS.name())) {
            start = alerts.endOffsets();
        }

        kafka.server.BrokerServer server =
                broker.getCluster().brokers().values().iterator().next();
        server.shutdown();
        server.awaitShutdown();

        long before = System.nanoTime();
        HttpResponse<String> down = germany.send(germany.alert(alert).header("Idempotency-Key", marker));
        long tookMillis = (System.nanoTime() - before) / 1_000_000;

        assertProblem(down, 503, "broker-unavailable");
        assertThat(down.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(down.headers().firstValue("Location")).isEmpty();
        assertThat(tookMillis).as("bounded by the publish timeout").isLessThan(5_000);

        server.startup();

        HttpResponse<String> retried = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            retried = germany.send(germany.alert(alert).header("Idempotency-Key", marker));
            if (retried.statusCode() != 503) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
        String alertId = json(retried).path("alertId").asString();
        HttpResponse<String> again = germany.send(germany.alert(alert).header("Idempotency-Key", marker));
        assertThat(json(again).path("alertId").asString()).isEqualTo(alertId);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");

        try (AlertsTopic alerts = new AlertsTopic(broker.getBrokersAsString(), Topics.ALERTS.name())) {
            List<SosEvent> written = alerts.eventsSince(start);
            assertThat(written)
                    .filteredOn(e -> e instanceof AlertRaised raised && marker.equals(raised.description()))
                    .as("stored exactly once")
                    .singleElement()
                    .satisfies(e -> assertThat(e.key()).isEqualTo(alertId));
        }
    }
}
