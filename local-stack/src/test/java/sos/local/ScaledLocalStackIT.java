package sos.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import sos.contracts.EventJson;
import sos.local.cli.SosClient;
import sos.testsupport.WebhookReceiver;
import tools.jackson.databind.JsonNode;

/**
 * The local stack with two instances of every service (one stack start for the whole class): endpoints.json lists
 * every instance, Prometheus scrapes all of them with the committed rules, and SIGKILL of one instance of each service
 * in the middle of a stream of alerts loses nothing: every accepted alert gets its assignment, its control-room
 * notification and its audit rows exactly once, from the surviving instances after their consumer groups rebalance.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaledLocalStackIT {

    private static final int INSTANCES = 2;
    private static final int ALERTS = 16;
    private static final Duration FLOW = Duration.ofSeconds(150);

    /** The control room's NotificationSent of the alert, as {@link #timelineOf} names it. */
    private static final String TOLD = "Sent:police-control-room:AlertRaised";

    @TempDir
    static Path data;

    private WebhookReceiver receiver;
    private LocalStack stack;
    private Endpoints endpoints;

    @BeforeAll
    void startTwoInstancesOfEveryService() throws Exception {
        Credentials credentials = new Credentials(
                "de-demo-1",
                "scaled-demo-secret",
                "scaled-webhook-secret",
                "scaled-analyst",
                "scaled-ops",
                "sos_audit",
                "scaled-db",
                "246810",
                "135790");
        Files.writeString(data.resolve("credentials.json"), EventJson.mapper().writeValueAsString(credentials));
        receiver = WebhookReceiver.start(0, "scaled-webhook-secret".getBytes(StandardCharsets.UTF_8));
        StackOptions options = StackOptions.randomPorts(
                        data, RepoRoot.find(), "http://127.0.0.1:" + receiver.port() + "/hooks", INSTANCES)
                .withServiceEnv(Map.of(
                        // every press a new incident, so that one consulate can send a stream of alerts
                        "SOS_INGEST_REPEAT_WINDOW",
                        "0s",
                        // a killed consumer leaves its group after 10 s instead of Kafka's default 45 s
                        "SPRING_APPLICATION_JSON",
                        "{\"spring.kafka.consumer.properties.session.timeout.ms\":\"10000\","
                                + "\"spring.kafka.consumer.properties.heartbeat.interval.ms\":\"2000\"}"))
                // eight service JVMs start on two cores: give a busy machine time
                .withReadyTimeout(Duration.ofSeconds(600));
        stack = LocalStack.start(options, System.out);
        endpoints = stack.endpoints();
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    @Order(1)
    void shouldListEveryInstanceInEndpointsJsonAndServeAlertsThroughEitherIngestInstance() throws Exception {
        Endpoints written = Endpoints.read(Endpoints.fileIn(data));
        assertThat(written.instances()).containsOnlyKeys(StackOptions.SERVICES);
        List<String> urls = new ArrayList<>();
        for (String service : StackOptions.SERVICES) {
            assertThat(written.instances().get(service)).hasSize(INSTANCES);
            urls.addAll(written.instances().get(service));
        }
        assertThat(new HashSet<>(urls)).as("every instance on its own port").hasSize(4 * INSTANCES);
        assertThat(written.ingest())
                .isEqualTo(written.instances().get("alert-ingest").get(0));
        assertThat(written.pids()).hasSize(2 + 4 * INSTANCES).containsKeys("alert-ingest", "alert-ingest-2");

        SosClient forged = client(0, "not-the-secret");
        assertThat(forged.raiseAlert(alertJson(0)).status()).isEqualTo(401);
        for (int instance = 0; instance < INSTANCES; instance++) {
            SosClient.Response accepted = client(instance, "scaled-demo-secret").raiseAlert(alertJson(instance));
            assertThat(accepted.status()).as("ingest instance %d", instance + 1).isEqualTo(202);
            String alertId = alertIdOf(accepted);
            await().atMost(FLOW).until(() -> timelineOf(alertId).containsAll(List.of("UnitsAssigned", TOLD)));
        }
    }

    @Test
    @Order(2)
    void shouldScrapeEveryInstanceWithTheCommittedRulesWhenPrometheusIsInstalled() throws Exception {
        boolean installed = onPath("promtool") && onPath("prometheus");
        if (!installed) {
            System.out.println(
                    "ScaledLocalStackIT: promtool or prometheus not on the PATH (apt-get install prometheus);"
                            + " skipping the scrape of the running stack with ops/check-prometheus");
        }
        Assumptions.assumeTrue(installed, "promtool and prometheus not installed");
        List<String> command = new ArrayList<>();
        command.add(RepoRoot.find().resolve("ops/check-prometheus").toString());
        endpoints.instances().forEach((service, urls) -> urls.forEach(url -> command.add(service + "=" + url)));
        Process check = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(2, TimeUnit.MINUTES)).isTrue();
        System.out.println(output);
        assertThat(check.exitValue()).as(output).isZero();
        assertThat(output).contains("scraped " + 4 * INSTANCES + " targets, all up", "check-prometheus: OK");
    }

    @Test
    @Order(3)
    void shouldLoseNothingWhenOneInstanceOfEachServiceIsKilledMidStream() throws Exception {
        List<String> accepted = new CopyOnWriteArrayList<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        Thread sender = new Thread(() -> send(accepted, failures), "alert-stream");
        sender.start();

        await().atMost(FLOW).until(() -> accepted.size() >= ALERTS / 3 || !sender.isAlive());
        for (String service : StackOptions.SERVICES) {
            stack.kill(stack.instancesOf(service).get(0));
        }
        sender.join(FLOW.toMillis());
        assertThat(failures).as("requests no instance accepted").isEmpty();
        assertThat(accepted).hasSize(ALERTS).doesNotHaveDuplicates();

        for (String alertId : accepted) {
            await().atMost(FLOW)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> timelineOf(alertId).containsAll(List.of("AlertRaised", "UnitsAssigned", TOLD)));
        }
        for (String alertId : accepted) {
            List<String> timeline = timelineOf(alertId);
            assertThat(timeline.stream().filter("AlertRaised"::equals))
                    .as("AlertRaised of %s", alertId)
                    .hasSize(1);
            assertThat(timeline.stream().filter("UnitsAssigned"::equals))
                    .as("UnitsAssigned of %s", alertId)
                    .hasSize(1);
            assertThat(timeline.stream().filter(TOLD::equals))
                    .as("control room told once of %s", alertId)
                    .hasSize(1);
            Set<String> deliveryIds = new HashSet<>();
            for (WebhookReceiver.Delivery delivery : receiver.deliveries()) {
                if (delivery.recipientId().equals("police-control-room") && isAbout(delivery, alertId, "AlertRaised")) {
                    deliveryIds.add(header(delivery, "SOS-Delivery-Id"));
                }
            }
            assertThat(deliveryIds)
                    .as("one delivery (id) to the control room of %s", alertId)
                    .hasSize(1);
        }
    }

    /** Sends the stream, alternating between the two ingest instances; a request the dead one refuses goes to the other. */
    private void send(List<String> accepted, List<String> failures) {
        for (int i = 0; i < ALERTS; i++) {
            String json = alertJson(i);
            String idempotencyKey = "scaled-" + i;
            SosClient.Response answer = null;
            for (int attempt = 0; attempt < INSTANCES && answer == null; attempt++) {
                try {
                    answer = client((i + attempt) % INSTANCES, "scaled-demo-secret")
                            .raiseAlert(json, idempotencyKey);
                } catch (IOException e) {
                    // that instance is gone: the next one
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (answer != null && answer.status() == 202) {
                accepted.add(alertIdOf(answer));
            } else {
                failures.add(
                        i + ": " + (answer == null ? "no instance answered" : answer.status() + " " + answer.body()));
            }
            try {
                Thread.sleep(250); // a stream, not a burst: the kill lands in the middle of it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private SosClient client(int ingestInstance, String secret) {
        return new SosClient(
                endpoints.instances().get("alert-ingest").get(ingestInstance),
                endpoints.instances().get("audit-service").get(INSTANCES - 1),
                "de-demo-1",
                secret,
                "scaled-analyst");
    }

    /** Event types of the alert's audit timeline; a NotificationSent reads "Sent:recipient:subject event type". */
    private List<String> timelineOf(String alertId) throws IOException, InterruptedException {
        SosClient.Response answer = client(INSTANCES - 1, "scaled-demo-secret").timeline(alertId);
        List<String> types = new ArrayList<>();
        if (answer.status() != 200) {
            return types;
        }
        for (JsonNode entry : EventJson.mapper().readTree(answer.body()).path("events")) {
            JsonNode event = entry.path("event");
            String type = event.path("eventType").asString();
            types.add(
                    type.equals("NotificationSent")
                            ? "Sent:" + event.path("recipientId").asString() + ":"
                                    + event.path("subjectEventType").asString()
                            : type);
        }
        return types;
    }

    /** A MEDICAL alert (one police unit each, so that the fleet is not exhausted) near Clifton, a little apart. */
    private static String alertJson(int i) {
        return "{\"type\":\"MEDICAL\",\"location\":{\"lat\":" + (24.80 + 0.003 * i) + ",\"lon\":" + (67.02 + 0.002 * i)
                + "},\"description\":\"scaled stack alert " + i + "\"}";
    }

    private static String alertIdOf(SosClient.Response answer) {
        return EventJson.mapper().readTree(answer.body()).path("alertId").asString();
    }

    private static boolean isAbout(WebhookReceiver.Delivery delivery, String alertId, String eventType) {
        JsonNode event = EventJson.mapper().readTree(delivery.body()).path("event");
        return alertId.equals(event.path("alertId").asString())
                && eventType.equals(event.path("eventType").asString());
    }

    private static String header(WebhookReceiver.Delivery delivery, String name) {
        return delivery.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }
}
