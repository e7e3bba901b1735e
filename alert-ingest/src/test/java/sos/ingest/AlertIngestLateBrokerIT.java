package sos.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static sos.ingest.ProblemAssertions.assertProblem;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import sos.contracts.Topics;

/**
 * The local stack may start the service before its broker, which does not auto-create topics: once the broker is up,
 * the service must create its topics itself and accept alerts without a restart.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "SOS_DEMO_KEY_SECRET=" + AlertIngestLateBrokerIT.SECRET,
            "SOS_INGEST_PIN_HASH_ITERATIONS=10000",
            "sos.ingest.publish-timeout=1s",
            "spring.kafka.admin.operation-timeout=2s",
            "spring.kafka.admin.close-timeout=1s"
        })
class AlertIngestLateBrokerIT {

    static final String SECRET = "late-broker-secret";
    private static final String ALERT = "{\"type\":\"INTRUSION\",\"location\":{\"lat\":24.8205,\"lon\":67.0342}}";
    private static final TcpForwarder BOOTSTRAP = forwarder();
    private static EmbeddedKafkaKraftBroker broker;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void brokerNotYetThere(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + BOOTSTRAP.port());
    }

    @AfterAll
    static void stopBroker() throws IOException {
        BOOTSTRAP.close();
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void shouldCreateItsTopicsAndAcceptAlertsOnceALateBrokerComesUp() throws Exception {
        SignedRequests japan = new SignedRequests(port, "jp-demo-1", SECRET);
        assertProblem(japan.send(japan.alert(ALERT)), 503, "broker-unavailable");

        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.afterPropertiesSet();
        BOOTSTRAP.forwardTo(broker.getBrokersAsString().split(",")[0]);

        HttpResponse<String> response = japan.send(japan.alert(ALERT));
        long deadline = System.nanoTime() + 45_000_000_000L;
        while (response.statusCode() == 503 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            response = japan.send(japan.alert(ALERT));
        }

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(topicNames())
                .contains(
                        Topics.ALERTS.name(),
                        Topics.ALERTS_REJECTED.name(),
                        Topics.deadLetterTopicOf(Topics.ALERT_INGEST));
    }

    private static Set<String> topicNames() throws ExecutionException, InterruptedException {
        return broker.doWithAdminFunction(admin -> {
            try {
                return admin.listTopics().names().get();
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static TcpForwarder forwarder() {
        try {
            return new TcpForwarder();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
