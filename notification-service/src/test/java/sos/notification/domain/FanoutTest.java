package sos.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sos.contracts.AlertRaised;
import sos.contracts.AlertType;
import sos.contracts.NotificationEvent;
import sos.contracts.NotificationFailed;
import sos.contracts.NotificationSent;
import sos.contracts.UnitsAssigned;
import sos.notification.Alerts;
import sos.notification.domain.delivery.AttemptResult;
import sos.notification.domain.delivery.RetryPolicy;
import sos.notification.domain.delivery.WebhookDeliverer;
import sos.notification.domain.delivery.WebhookTransport;
import sos.notification.domain.routing.RoutingFileParser;
import sos.notification.domain.routing.RoutingRules;

class FanoutTest {

    private static final RoutingRules RULES = new RoutingFileParser(name -> null).parse("""
            recipients:
              - id: police-control-room
                name: Madadgar 15
                kind: CONTROL_ROOM
                channel: webhook
                url: http://127.0.0.1:1/hooks/police-control-room
                receives: [ALERT_RAISED, UNITS_ASSIGNED]
              - id: rangers-ops-room
                name: Rangers ops room
                kind: RANGERS_OPS
                channel: webhook
                url: http://127.0.0.1:1/hooks/rangers-ops-room
                receives: [ALERT_RAISED, UNITS_ASSIGNED]
                filter: {minSeverity: HIGH}
              - id: consulate-de-security
                name: DE security
                kind: CONSULATE
                channel: webhook
                url: http://127.0.0.1:1/hooks/consulate-de-security
                receives: [ALERT_RAISED, UNITS_ASSIGNED]
                filter: {consulateId: consulate-de}
            """, "test.yml");

    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final FakeRecipients recipients = new FakeRecipients();
    private final Queue<NotificationEvent> published = new ConcurrentLinkedQueue<>();
    private final Set<String> refuseToPublishFor = ConcurrentHashMap.newKeySet();
    private final Fanout fanout = new Fanout(
            RULES,
            new RecentAlerts(100),
            new RecentDeliveries(100),
            new WebhookDeliverer(
                    recipients,
                    new RetryPolicy(2, Duration.ZERO, Duration.ZERO),
                    duration -> {},
                    Clock.systemUTC(),
                    "secret".getBytes(StandardCharsets.UTF_8)),
            outcome -> {
                if (refuseToPublishFor.contains(outcome.recipientId())) {
                    throw new IllegalStateException("broker unavailable");
                }
                published.add(outcome);
            },
            executor);

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    @Test
    void shouldDeliverToEveryRoutedRecipientAndRecordEachOutcome() {
        AlertRaised attack = Alerts.raised("consulate-de", AlertType.ARMED_ATTACK);

        List<NotificationEvent> outcomes = fanout.handle(attack);

        assertThat(outcomes)
                .extracting(NotificationEvent::recipientId)
                .containsExactly("police-control-room", "rangers-ops-room", "consulate-de-security");
        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome).isInstanceOf(NotificationSent.class));
        assertThat(published).containsExactlyInAnyOrderElementsOf(outcomes);
        assertThat(recipients.requests)
                .containsExactlyInAnyOrder("police-control-room", "rangers-ops-room", "consulate-de-security");
    }

    @Test
    void shouldNotHoldUpTheOtherRecipientsBehindASlowOne() throws Exception {
        CountDownLatch slowMayAnswer = new CountDownLatch(1);
        recipients.answerSlowly("rangers-ops-room", slowMayAnswer);
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<List<NotificationEvent>> handled =
                    caller.submit(() -> fanout.handle(Alerts.raised("consulate-de", AlertType.ARMED_ATTACK)));

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (published.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(published)
                    .extracting(NotificationEvent::recipientId)
                    .containsExactlyInAnyOrder("police-control-room", "consulate-de-security");
            assertThat(handled.isDone())
                    .as("handled before the slow recipient answered")
                    .isFalse();

            slowMayAnswer.countDown();
            assertThat(handled.get(5, TimeUnit.SECONDS)).hasSize(3);
            assertThat(published).extracting(NotificationEvent::recipientId).contains("rangers-ops-room");
        } finally {
            slowMayAnswer.countDown();
            caller.shutdownNow();
        }
    }

    @Test
    void shouldNotSendAnEventTwiceWhenItIsHandledAgain() {
        AlertRaised attack = Alerts.raised("consulate-de", AlertType.ARMED_ATTACK);

        List<NotificationEvent> first = fanout.handle(attack);
        List<NotificationEvent> again = fanout.handle(attack);

        assertThat(recipients.requests).hasSize(3);
        assertThat(again).isEqualTo(first);
    }

    @Test
    void shouldTryAgainWhatFailedWhenTheEventIsHandledAgain() {
        AlertRaised attack = Alerts.raised("consulate-de", AlertType.ARMED_ATTACK);
        recipients.answer("consulate-de-security", 404);

        NotificationEvent failed = fanout.handle(attack).get(2);
        recipients.answer("consulate-de-security", 204);
        NotificationEvent sent = fanout.handle(attack).get(2);

        assertThat(failed).isInstanceOf(NotificationFailed.class);
        assertThat(sent).isInstanceOf(NotificationSent.class);
        assertThat(recipients.requests)
                .filteredOn("consulate-de-security"::equals)
                .hasSize(2);
    }

    @Test
    void shouldFailAfterEveryDeliveryEndedWhenAnOutcomeCannotBeRecordedAndNotResendOnRetry() {
        AlertRaised attack = Alerts.raised("consulate-de", AlertType.ARMED_ATTACK);
        refuseToPublishFor.add("rangers-ops-room");

        assertThatThrownBy(() -> fanout.handle(attack)).hasMessage("broker unavailable");
        assertThat(published)
                .extracting(NotificationEvent::recipientId)
                .containsExactlyInAnyOrder("police-control-room", "consulate-de-security");

        refuseToPublishFor.clear();
        fanout.handle(attack);

        assertThat(recipients.requests).hasSize(3);
        assertThat(published).extracting(NotificationEvent::recipientId).contains("rangers-ops-room");
    }

    @Test
    void shouldRouteAnAssignmentByTheAlertItSawBefore() {
        AlertRaised medical = Alerts.raised("consulate-de", AlertType.MEDICAL);
        fanout.handle(medical);
        recipients.requests.clear();

        List<NotificationEvent> outcomes = fanout.handle(Alerts.assigned(medical));

        assertThat(outcomes)
                .extracting(NotificationEvent::recipientId)
                .containsExactly("police-control-room", "consulate-de-security");
        assertThat(outcomes)
                .allSatisfy(outcome -> assertThat(outcome.subjectEventId()).isNotEqualTo(medical.eventId()));
    }

    @Test
    void shouldSendAnAssignmentForAnAlertItNeverSawToTheControlRoomOnly() {
        UnitsAssigned assigned = Alerts.assigned(Alerts.raised("consulate-de", AlertType.ARMED_ATTACK));

        assertThat(fanout.handle(assigned))
                .extracting(NotificationEvent::recipientId)
                .containsExactly("police-control-room");
    }

    @Test
    void shouldIgnoreEventsThatNoRecipientCanSubscribeTo() {
        List<NotificationEvent> outcomes = fanout.handle(Alerts.raised("consulate-de", AlertType.ARMED_ATTACK));

        assertThat(fanout.handle(outcomes.get(0))).isEmpty();
        assertThat(recipients.requests).hasSize(3);
    }

    @Test
    void shouldTellTheControlRoomOfADuressAndShowTheConsulateOnlyANormalCancel() {
        AlertRaised attack = Alerts.raised("consulate-de", AlertType.ARMED_ATTACK);
        AlertRaised falseAlarm = Alerts.raised("consulate-de", AlertType.ARMED_ATTACK);
        fanout.handle(attack);
        fanout.handle(falseAlarm);
        fanout.handle(Alerts.cancelled(falseAlarm)); // a genuine cancel
        String genuineCancel = recipients.bodies.get("consulate-de-security").stream()
                .filter(body -> body.contains("AlertCancelled"))
                .findFirst()
                .orElseThrow();
        recipients.bodies.clear();

        List<NotificationEvent> outcomes = fanout.handle(Alerts.duress(attack));

        assertThat(outcomes)
                .extracting(NotificationEvent::recipientId)
                .containsExactly("police-control-room", "rangers-ops-room", "consulate-de-security");
        assertThat(recipients.bodies.get("police-control-room"))
                .singleElement()
                .asString()
                .contains("\"eventType\":\"DuressSignalled\"", "DURESS");
        String shownToConsulate = recipients.bodies.get("consulate-de-security").peek();
        assertThat(shownToConsulate)
                .contains("\"eventType\":\"AlertCancelled\"", "SOS-Event-Type=AlertCancelled")
                .doesNotContainIgnoringCase("duress");
        assertThat(shape(shownToConsulate)).isEqualTo(shape(genuineCancel));
    }

    @Test
    void shouldTellTheConsulateAndTheControlRoomThatHelpIsOnTheWayHasArrivedAndTheAlertIsResolved() {
        AlertRaised attack = Alerts.raised("consulate-de", AlertType.ARMED_ATTACK);
        fanout.handle(attack);
        fanout.handle(Alerts.assigned(attack));
        recipients.bodies.clear();

        assertThat(fanout.handle(Alerts.unitChanged(attack, "KHI-PL-CLF-01", "EN_ROUTE")))
                .extracting(NotificationEvent::recipientId)
                .containsExactly("police-control-room", "consulate-de-security");
        assertThat(fanout.handle(Alerts.unitChanged(attack, "KHI-PL-CLF-01", "ON_SCENE")))
                .extracting(NotificationEvent::recipientId)
                .containsExactly("police-control-room", "consulate-de-security");
        assertThat(fanout.handle(Alerts.unitChanged(attack, "KHI-PL-CLF-01", "ACKNOWLEDGED")))
                .isEmpty();
        assertThat(fanout.handle(Alerts.resolved(attack)))
                .extracting(NotificationEvent::recipientId)
                .containsExactly("police-control-room", "consulate-de-security");

        assertThat(recipients.bodies.get("consulate-de-security"))
                .hasSize(3)
                .anySatisfy(body -> assertThat(body)
                        .contains(
                                "Help is on the way: Clifton Mobile 1 (POLICE, ETA 1 min) is en route to ARMED_ATTACK")
                        .contains("SOS-Event-Type=AssignmentUpdated"))
                .anySatisfy(
                        body -> assertThat(body).contains("Help has arrived: Clifton Mobile 1 (POLICE) is on scene"))
                .anySatisfy(body -> assertThat(body)
                        .contains("Alert resolved by Madadgar 15 duty officer (all units cleared)")
                        .contains("SOS-Event-Type=AlertResolved"));
        assertThat(recipients.bodies).doesNotContainKey("rangers-ops-room");
    }

    @Test
    void shouldTellTheConsulateNothingMoreOfAnAlertAfterADuressJustAsAfterAGenuineCancel() {
        AlertRaised attack = Alerts.raised("consulate-de", AlertType.ARMED_ATTACK);
        fanout.handle(attack);
        fanout.handle(Alerts.duress(attack));
        recipients.bodies.clear();

        assertThat(fanout.handle(Alerts.assigned(attack)))
                .extracting(NotificationEvent::recipientId)
                .containsExactly("police-control-room", "rangers-ops-room");
        assertThat(fanout.handle(Alerts.unitChanged(attack, "KHI-RG-QRF-02", "ON_SCENE")))
                .extracting(NotificationEvent::recipientId)
                .containsExactly("police-control-room");
        assertThat(fanout.handle(Alerts.resolved(attack)))
                .extracting(NotificationEvent::recipientId)
                .containsExactly("police-control-room");
        assertThat(recipients.bodies).doesNotContainKey("consulate-de-security");
    }

    @Test
    void shouldKnowOfADuressFromDispatchsEscalationToo() {
        AlertRaised attack = Alerts.raised("consulate-de", AlertType.ARMED_ATTACK);
        fanout.handle(attack);
        fanout.handle(new sos.contracts.AlertEscalated(
                java.util.UUID.randomUUID(),
                Alerts.AT.plusSeconds(60),
                attack.alertId(),
                "DURESS",
                "duress PIN used",
                List.of()));

        assertThat(fanout.handle(Alerts.unitChanged(attack, "KHI-PL-CLF-01", "EN_ROUTE")))
                .extracting(NotificationEvent::recipientId)
                .containsExactly("police-control-room");
    }

    @Test
    void shouldTellTheRecipientsOfAnAlertOfItsCancelRepeatPressAndMove() {
        AlertRaised attack = Alerts.raised("consulate-de", AlertType.ARMED_ATTACK);
        fanout.handle(attack);

        assertThat(fanout.handle(Alerts.cancelled(attack)))
                .extracting(NotificationEvent::recipientId)
                .containsExactly("police-control-room", "rangers-ops-room", "consulate-de-security");
        assertThat(fanout.handle(Alerts.repeatPressed(attack)))
                .extracting(NotificationEvent::recipientId)
                .containsExactly("police-control-room");
        assertThat(fanout.handle(Alerts.moved(attack, sos.testsupport.Karachi.SADDAR)))
                .extracting(NotificationEvent::recipientId)
                .containsExactly("police-control-room", "rangers-ops-room");
        assertThat(recipients.bodies.get("police-control-room"))
                .anySatisfy(body -> assertThat(body).contains("SOS pressed again (press 2)"))
                .anySatisfy(body -> assertThat(body).contains("https://maps.google.com/?q=24.85560,67.02710"));
    }

    @Test
    void shouldRecordAnAcknowledgementOnceAndTellTheOthersButNeverTheConsulateOfADuress() {
        Fanout acking = fanout.withAcknowledgements(new sos.notification.domain.ack.AckSetup(
                new sos.notification.domain.ack.PendingAcks(100), "https://notify.example", new byte[] {1, 2}));
        AlertRaised attack = Alerts.raised("consulate-de", AlertType.ARMED_ATTACK);
        acking.handle(attack);
        var duress = Alerts.duress(attack);
        acking.handle(duress);
        published.clear();
        recipients.bodies.clear();
        java.util.UUID attackToPolice = sos.notification.domain.delivery.DeliveryIds.deliveryId(
                attack.eventId(), "police-control-room", "webhook");
        java.util.UUID duressToPolice = sos.notification.domain.delivery.DeliveryIds.deliveryId(
                duress.eventId(), "police-control-room", "webhook");

        var first = acking.acknowledge(attackToPolice, "LINK", Alerts.AT);
        var again = acking.acknowledge(attackToPolice, "LINK", Alerts.AT);
        acking.acknowledge(duressToPolice, "SMS_REPLY", Alerts.AT);

        assertThat(first).hasValueSatisfying(ack -> {
            assertThat(ack.recipientId()).isEqualTo("police-control-room");
            assertThat(ack.recipientKind())
                    .as("a control room's acknowledgement accepts the alert")
                    .isEqualTo("CONTROL_ROOM");
        });
        assertThat(again).isEmpty();
        assertThat(recipients.bodies.get("rangers-ops-room")).hasSize(2);
        assertThat(recipients.bodies.get("consulate-de-security"))
                .singleElement()
                .asString()
                .contains("Acknowledged by Madadgar 15 (LINK)");
        assertThat(published)
                .filteredOn(sos.contracts.NotificationAcknowledged.class::isInstance)
                .hasSize(2);
    }

    @Test
    void shouldEscalateAnUnacknowledgedControlRoomDeliveryOneStepPerDeadlineAndEachStepOnce() {
        Fanout acking = fanout.withAcknowledgements(new sos.notification.domain.ack.AckSetup(
                new sos.notification.domain.ack.PendingAcks(100), "https://notify.example", new byte[] {1, 2}));
        AlertRaised attack = Alerts.raised("consulate-de", AlertType.ARMED_ATTACK);
        java.time.Instant sent = java.time.Instant.now();
        acking.handle(attack);
        recipients.bodies.clear();
        java.time.Duration deadline = java.time.Duration.ofSeconds(60);
        List<String> chain = List.of("rangers-ops-room", Fanout.REPEAT);

        assertThat(acking.escalate(sent.minusSeconds(1).plus(deadline), deadline, chain))
                .isZero();
        assertThat(acking.escalate(sent.plusSeconds(61), deadline, chain)).isEqualTo(1);
        assertThat(acking.escalate(sent.plusSeconds(62), deadline, chain))
                .as("each step once")
                .isZero();
        assertThat(acking.escalate(sent.plusSeconds(125), deadline, chain)).isEqualTo(1);
        assertThat(acking.escalate(sent.plusSeconds(500), deadline, chain))
                .as("the chain has ended")
                .isZero();

        assertThat(recipients.bodies.get("rangers-ops-room"))
                .singleElement()
                .asString()
                .contains("ESCALATION 1: Madadgar 15 has not acknowledged within 60 s");
        assertThat(recipients.bodies.get("police-control-room"))
                .singleElement()
                .asString()
                .contains("ESCALATION 2");
        assertThat(recipients.bodies).doesNotContainKey("consulate-de-security");
    }

    @Test
    void shouldNotEscalateWhatWasAcknowledged() {
        Fanout acking = fanout.withAcknowledgements(new sos.notification.domain.ack.AckSetup(
                new sos.notification.domain.ack.PendingAcks(100), "https://notify.example", new byte[] {1, 2}));
        AlertRaised attack = Alerts.raised("consulate-de", AlertType.ARMED_ATTACK);
        acking.handle(attack);
        acking.acknowledge(
                sos.notification.domain.delivery.DeliveryIds.deliveryId(
                        attack.eventId(), "police-control-room", "webhook"),
                "LINK",
                Alerts.AT);

        assertThat(acking.escalate(
                        java.time.Instant.now().plusSeconds(600),
                        java.time.Duration.ofSeconds(60),
                        List.of("rangers-ops-room")))
                .isZero();
    }

    /** The body with every id, time and signature taken out: what would tell two messages apart. */
    private static String shape(String body) {
        return body.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "ID")
                .replaceAll("t=\\d+,v1=[0-9a-f]+", "SIG")
                .replaceAll("\"occurredAt\":\"[^\"]+\"", "AT");
    }

    /** Answers 204 unless told otherwise, per recipient (the last path segment). */
    private static final class FakeRecipients implements WebhookTransport {

        final Queue<String> requests = new ConcurrentLinkedQueue<>();
        final Map<String, Queue<String>> bodies = new ConcurrentHashMap<>();
        private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
        private final Map<String, CountDownLatch> slow = new ConcurrentHashMap<>();

        void answer(String recipientId, int status) {
            statuses.put(recipientId, status);
        }

        void answerSlowly(String recipientId, CountDownLatch until) {
            slow.put(recipientId, until);
        }

        @Override
        public AttemptResult post(URI url, Map<String, String> headers, byte[] body) throws InterruptedException {
            String recipientId = url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
            requests.add(recipientId);
            bodies.computeIfAbsent(recipientId, id -> new ConcurrentLinkedQueue<>())
                    .add(new String(body, StandardCharsets.UTF_8) + " " + headers);
            CountDownLatch latch = slow.get(recipientId);
            if (latch != null) {
                latch.await();
            }
            return new AttemptResult.Answered(statuses.getOrDefault(recipientId, 204));
        }
    }
}
