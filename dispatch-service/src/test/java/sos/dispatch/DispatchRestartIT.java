package sos.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import sos.contracts.AlertRaised;
import sos.contracts.AlertType;
import sos.contracts.AssignmentUpdated;
import sos.contracts.SosEvent;
import sos.contracts.Topics;
import sos.contracts.UnitStateChanged;
import sos.contracts.UnitsAssigned;
import sos.dispatch.domain.Dispatcher;
import sos.dispatch.domain.UnitStatus;
import sos.testsupport.Karachi;

/**
 * A dispatch-service instance is stopped with an alert decided and its acknowledgement deadlines pending; the alert is
 * delivered again and a new instance starts against the same broker.
 */
@EmbeddedKafka(
        partitions = 6,
        brokerProperties = {"auto.create.topics.enable=false", "group.initial.rebalance.delay.ms=0"})
class DispatchRestartIT {

    private static Broker broker;
    private static String bootstrap;

    @BeforeAll
    static void broker(EmbeddedKafkaBroker embedded) throws Exception {
        bootstrap = embedded.getBrokersAsString();
        broker = new Broker(bootstrap);
        broker.createAlertsTopic();
    }

    /** One instance; settings as command-line arguments (they override application.yml). */
    static ConfigurableApplicationContext start(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--server.port=0",
                "--sos.dispatch.ack.critical=2s",
                "--sos.dispatch.deadline-check-interval=200ms",
                "--logging.level.kafka=WARN",
                "--logging.level.org.apache.kafka=WARN",
                "--logging.level.state.change.logger=WARN"));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(DispatchApplication.class).run(args.toArray(String[]::new));
    }

    @Test
    void shouldNeverDispatchAnAlertTwiceAndFireAPendingDeadlineLateAfterARestart() throws Exception {
        AlertRaised alert = new AlertRaised(
                UUID.randomUUID(),
                Instant.now(),
                UUID.randomUUID(),
                "consulate-de",
                "Consulate General of Germany (demo)",
                AlertType.ARMED_ATTACK,
                AlertType.ARMED_ATTACK.defaultSeverity(),
                Karachi.CLIFTON,
                15.0,
                null,
                "restart test",
                false);
        String key = alert.alertId().toString();
        UnitsAssigned decided;
        try (ConfigurableApplicationContext first = start()) {
            broker.publish(alert);
            decided = Broker.ofType(
                            broker.awaitEvents(
                                    Topics.ASSIGNMENTS.name(),
                                    key,
                                    events -> !Broker.ofType(events, UnitsAssigned.class)
                                            .isEmpty()),
                            UnitsAssigned.class)
                    .get(0);
            // stopped before anything else could happen: the deadlines are pending
            first.getBean(Dispatcher.class).units().stream()
                    .filter(unit -> unit.status() == UnitStatus.DISPATCHED)
                    .forEach(unit -> assertThat(unit.ackDeadline()).isAfter(Instant.now()));
        }
        List<String> sent = decided.assignments().stream()
                .map(UnitsAssigned.Assignment::unitId)
                .toList();
        assertThat(sent).hasSize(3);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Instant.now().isAfter(decided.occurredAt().plusSeconds(3)));
        broker.publish(alert); // the alert comes again, e.g. a producer retry

        try (ConfigurableApplicationContext second = start()) {
            List<SosEvent> events = broker.awaitEvents(
                    Topics.ASSIGNMENTS.name(),
                    key,
                    found -> Broker.ofType(found, UnitsAssigned.class).size() == 2
                            && Broker.ofType(found, AssignmentUpdated.class).size() >= 3);

            assertThat(Broker.ofType(events, UnitsAssigned.class)).containsOnly(decided);
            List<AssignmentUpdated> reassigned = Broker.ofType(events, AssignmentUpdated.class);
            assertThat(reassigned).extracting(AssignmentUpdated::change).containsOnly("REASSIGNED");
            assertThat(reassigned).extracting(AssignmentUpdated::unitId).containsAll(sent);
            assertThat(reassigned).allSatisfy(update -> {
                assertThat(update.reason()).contains("did not acknowledge");
                assertThat(update.occurredAt()).isAfter(decided.occurredAt().plusSeconds(2));
            });
            Dispatcher dispatcher = second.getBean(Dispatcher.class);
            assertThat(sent)
                    .allSatisfy(
                            unit -> assertThat(dispatcher.unit(unit).alertId()).isNull());
            List<UnitStateChanged> states =
                    Broker.ofType(broker.readAll(Topics.UNIT_STATE.name(), sent.get(0)), UnitStateChanged.class);
            assertThat(states).extracting(UnitStateChanged::version).isSorted();
            assertThat(states.get(states.size() - 1).status()).isEqualTo("AVAILABLE");
        }
    }
}
