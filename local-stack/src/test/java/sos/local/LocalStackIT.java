package sos.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sos.contracts.EventJson;
import sos.local.cli.SosClient;
import sos.testsupport.WebhookReceiver;
import tools.jackson.databind.JsonNode;

/**
 * The whole platform as the README's run command starts it: a real KRaft broker, a real PostgreSQL and the four
 * services as separate processes. A signed SOS goes in; the recipients' webhooks and the audit timeline come out.
 */
class LocalStackIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path data;

    @Test
    void shouldCarryASignedSosThroughEveryServiceAndKeepItsTimelineAcrossARestart() throws Exception {
        Credentials credentials = new Credentials(
                "de-demo-1",
                "e2e-demo-secret",
                "e2e-webhook-secret",
                "e2e-analyst",
                "e2e-ops",
                "sos_audit",
                "e2e-db",
                "246810",
                "135790");
        Files.writeString(data.resolve("credentials.json"), EventJson.mapper().writeValueAsString(credentials));

        try (WebhookReceiver receiver =
                WebhookReceiver.start(0, "e2e-webhook-secret".getBytes(StandardCharsets.UTF_8))) {
            String hooks = "http://127.0.0.1:" + receiver.port() + "/hooks";
            StackOptions options = StackOptions.randomPorts(data, RepoRoot.find(), hooks);
            String alertId;
            List<Long> pids;
            try (LocalStack stack = LocalStack.start(options, System.out)) {
                Endpoints endpoints = Endpoints.read(Endpoints.fileIn(data));
                assertThat(endpoints.ingest()).isEqualTo(stack.endpoints().ingest());
                assertThat(endpoints.kafka()).startsWith("127.0.0.1:");
                assertThat(endpoints.postgres()).startsWith("jdbc:postgresql://127.0.0.1:");
                assertThat(endpoints.demo().keyId()).isEqualTo("de-demo-1");
                assertThat(endpoints.demo().analystToken()).isEqualTo("e2e-analyst");
                pids = new ArrayList<>(endpoints.pids().values());
                assertThat(pids).hasSize(6);

                SosClient client = new SosClient(
                        endpoints.ingest(), endpoints.audit(), "de-demo-1", "e2e-demo-secret", "e2e-analyst");

                SosClient.Response forged = new SosClient(
                                endpoints.ingest(), endpoints.audit(), "de-demo-1", "not-the-secret", "e2e-analyst")
                        .raiseAlert("{\"type\":\"ARMED_ATTACK\",\"location\":{\"lat\":24.8138,\"lon\":67.03}}");
                assertThat(forged.status()).isEqualTo(401);
                assertThat(forged.contentType()).startsWith("application/problem+json");

                SosClient.Response accepted =
                        client.raiseAlert("{\"type\":\"ARMED_ATTACK\",\"location\":{\"lat\":24.8138,\"lon\":67.03},"
                                + "\"description\":\"end-to-end test\"}");
                assertThat(accepted.status()).isEqualTo(202);
                alertId = EventJson.mapper()
                        .readTree(accepted.body())
                        .path("alertId")
                        .asString();
                assertThat(accepted.location()).endsWith(alertId);

                WebhookReceiver.Delivery raised = receiver.await(
                        d -> d.recipientId().equals("police-control-room") && isAbout(d, alertId, "AlertRaised"), WAIT);
                assertThat(raised).as("control room told of the alert").isNotNull();
                WebhookReceiver.Delivery assigned = receiver.await(
                        d -> d.recipientId().equals("police-control-room") && isAbout(d, alertId, "UnitsAssigned"),
                        WAIT);
                assertThat(assigned).as("control room told of the assignment").isNotNull();
                JsonNode units = EventJson.mapper()
                        .readTree(assigned.body())
                        .path("event")
                        .path("assignments");
                assertThat(units.size()).isGreaterThanOrEqualTo(1);
                assertThat(units.get(0).path("distanceKm").asDouble()).isLessThan(5.0);

                JsonNode timeline = awaitTimelineWith(client, alertId, "UnitsAssigned", "NotificationSent");
                List<String> types = eventTypes(timeline);
                assertThat(types.get(0)).isEqualTo("AlertRaised");
                assertThat(types).contains("UnitsAssigned", "NotificationSent");
                assertThat(types.indexOf("UnitsAssigned")).isGreaterThan(types.indexOf("AlertRaised"));
                assertThat(types.stream().filter("AlertRaised"::equals)).hasSize(1);

                shouldTreatADuressCancelAsAnEscalationThatLooksLikeACancel(client, receiver, alertId);
            }

            assertThat(Endpoints.fileIn(data))
                    .as("endpoints.json removed on stop")
                    .doesNotExist();
            for (long pid : pids) {
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                        .as("process %d stopped", pid)
                        .isFalse();
            }

            try (LocalStack restarted = LocalStack.start(options, System.out)) {
                Endpoints endpoints = restarted.endpoints();
                SosClient client = new SosClient(
                        endpoints.ingest(), endpoints.audit(), "de-demo-1", "e2e-demo-secret", "e2e-analyst");
                SosClient.Response timeline = client.timeline(alertId);
                assertThat(timeline.status()).isEqualTo(200);
                assertThat(eventTypes(EventJson.mapper().readTree(timeline.body())))
                        .as("the timeline survives a restart")
                        .contains("AlertRaised", "UnitsAssigned", "NotificationSent");
            }
        }
    }

    /**
     * The convoy moves, then someone "cancels" with the duress PIN: the consulate's screen must get the same answer as
     * for a genuine cancel, while dispatch escalates and the control room (never the consulate) is told of duress.
     */
    private static void shouldTreatADuressCancelAsAnEscalationThatLooksLikeACancel(
            SosClient client, WebhookReceiver receiver, String alertId) throws Exception {
        assertThat(client.updateLocation(alertId, "{\"location\":{\"lat\":24.8201,\"lon\":67.0355}}")
                        .status())
                .isEqualTo(202);
        SosClient.Response duress = client.cancelAlert(alertId, "{\"pin\":\"135790\"}");
        assertThat(duress.status()).isEqualTo(202);

        WebhookReceiver.Delivery toControlRoom = receiver.await(
                d -> d.recipientId().equals("police-control-room") && isAbout(d, alertId, "DuressSignalled"), WAIT);
        assertThat(toControlRoom).as("control room told of duress").isNotNull();
        JsonNode timeline = awaitTimelineWith(client, alertId, "DuressSignalled", "AlertEscalated");
        assertThat(eventTypes(timeline)).contains("AlertLocationUpdated");

        // a second incident, cancelled with the genuine PIN, answers exactly as the duress cancel did
        SosClient.Response second =
                client.raiseAlert("{\"type\":\"INTRUSION\",\"location\":{\"lat\":24.8138,\"lon\":67.03}}");
        assertThat(second.status()).isEqualTo(202);
        String secondId =
                EventJson.mapper().readTree(second.body()).path("alertId").asString();
        assertThat(secondId).isNotEqualTo(alertId);
        awaitTimelineWith(client, secondId, "UnitsAssigned");
        SosClient.Response genuine = client.cancelAlert(secondId, "{\"pin\":\"246810\"}");
        assertThat(genuine.status()).isEqualTo(duress.status());
        assertThat(genuine.body().replace(secondId, "ID"))
                .isEqualTo(duress.body().replace(alertId, "ID"));
        awaitTimelineWith(client, secondId, "AlertCancelled", "UnitsStoodDown");

        assertThat(receiver.deliveries())
                .as("the consulate's own recipients never hear of duress")
                .noneMatch(d ->
                        d.recipientId().startsWith("consulate-") && d.body().contains("DuressSignalled"));
    }

    private static JsonNode awaitTimelineWith(SosClient client, String alertId, String... eventTypes) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            SosClient.Response answer = client.timeline(alertId);
            if (answer.status() == 200) {
                last = EventJson.mapper().readTree(answer.body());
                if (eventTypes(last).containsAll(List.of(eventTypes))) {
                    return last;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError(
                "timeline of " + alertId + " lacks " + List.of(eventTypes) + " after " + WAIT + ": " + last);
    }

    private static boolean isAbout(WebhookReceiver.Delivery delivery, String alertId, String eventType) {
        JsonNode event = EventJson.mapper().readTree(delivery.body()).path("event");
        return alertId.equals(event.path("alertId").asString())
                && eventType.equals(event.path("eventType").asString());
    }

    private static List<String> eventTypes(JsonNode timeline) {
        List<String> types = new ArrayList<>();
        for (JsonNode entry : timeline.path("events")) {
            types.add(entry.path("event").path("eventType").asString());
        }
        return types;
    }
}
