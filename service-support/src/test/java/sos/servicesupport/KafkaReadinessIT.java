package sos.servicesupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A service whose readiness group names {@code kafka} (as every SOS service's does) is not ready while its broker is
 * stopped, and ready again once it is back; liveness does not depend on Kafka (restarting would not help).
 */
@SpringBootTest(
        classes = KafkaReadinessIT.ProbedService.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.application.name=probed-service",
            "management.endpoint.health.probes.enabled=true",
            "management.endpoint.health.group.readiness.include=readinessState,kafka",
            "management.endpoint.health.group.readiness.show-components=always",
            "sos.health.kafka.timeout=1s",
            "sos.health.kafka.interval=300ms",
            "logging.level.org.apache.kafka=ERROR"
        })
class KafkaReadinessIT {

    private static EmbeddedKafkaKraftBroker broker;
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ProbedService {}

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) throws IOException {
        int fixedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            fixedPort = socket.getLocalPort();
        }
        broker = new EmbeddedKafkaKraftBroker(1, 1).kafkaPorts(fixedPort);
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
    void shouldBeNotReadyWhileTheBrokerIsDownAndReadyAgainWhenItIsBack() throws Exception {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(get("/actuator/health/readiness"))
                        .as("ready with the broker up")
                        .satisfies(answer -> assertThat(answer.statusCode()).isEqualTo(200))
                        .satisfies(answer -> assertThat(answer.body()).contains("\"kafka\":{\"status\":\"UP\"")));

        kafka.server.BrokerServer server =
                broker.getCluster().brokers().values().iterator().next();
        server.shutdown();
        server.awaitShutdown();

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(get("/actuator/health/readiness"))
                        .as("not ready while the broker is down")
                        .satisfies(answer -> assertThat(answer.statusCode()).isEqualTo(503))
                        .satisfies(answer -> assertThat(answer.body()).contains("\"kafka\":{\"status\":\"DOWN\"")));
        assertThat(get("/actuator/health/liveness").statusCode())
                .as("still alive: a restart would not bring the broker back")
                .isEqualTo(200);
        long before = System.nanoTime();
        get("/actuator/health/readiness");
        assertThat(Duration.ofNanos(System.nanoTime() - before))
                .as("the probe reads the latest check, it does not wait for the broker")
                .isLessThan(Duration.ofMillis(500));

        server.startup();

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> assertThat(get("/actuator/health/readiness").statusCode())
                                .as("ready again once the broker is back")
                                .isEqualTo(200));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
