package sos.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import sos.contracts.AlertRaised;
import sos.contracts.AlertType;
import sos.contracts.GeoPoint;
import sos.contracts.SosEvent;
import sos.contracts.Topics;
import sos.contracts.UnitsAssigned;
import sos.dispatch.domain.Dispatcher;
import sos.testsupport.Karachi;

/**
 * Two dispatch-service instances (two application contexts) against one broker, in one consumer group: many alerts at
 * once, then the deciding instance stops and the other takes over. No unit is ever on two alerts.
 */
@EmbeddedKafka(
        partitions = 6,
        brokerProperties = {"auto.create.topics.enable=false", "group.initial.rebalance.delay.ms=0"})
class TwoInstancesIT {

    private static final List<GeoPoint> PLACES =
            List.of(Karachi.CLIFTON, Karachi.SADDAR, Karachi.GULSHAN, Karachi.KORANGI, Karachi.ORANGI, Karachi.AIRPORT);

    private static Broker broker;
    private static String bootstrap;

    @BeforeAll
    static void broker(EmbeddedKafkaBroker embedded) throws Exception {
        bootstrap = embedded.getBrokersAsString();
        broker = new Broker(bootstrap);
        broker.createAlertsTopic();
    }

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(DispatchApplication.class)
                .run(
                        "--spring.kafka.bootstrap-servers=" + bootstrap,
                        "--server.port=0",
                        "--spring.kafka.consumer.properties.session.timeout.ms=6000",
                        "--spring.kafka.consumer.properties.heartbeat.interval.ms=500",
                        "--logging.level.kafka=WARN",
                        "--logging.level.org.apache.kafka=WARN",
                        "--logging.level.state.change.logger=WARN");
    }

    @Test
    void shouldNeverAssignOneUnitToTwoAlertsWithTwoInstancesAndAFailover() throws Exception {
        ConfigurableApplicationContext first = start();
        ConfigurableApplicationContext second = start();
        List<AlertRaised> alerts = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) {
                alerts.add(alert(AlertType.ARMED_ATTACK, PLACES.get(i % PLACES.size())));
            }
            broker.publish(alerts.toArray(SosEvent[]::new));
            awaitDecisions(alerts);

            // the decider stops; the other instance takes over with the state it followed
            boolean firstDecided = first.getBean(AlertListener.class).isDecider();
            ConfigurableApplicationContext decider = firstDecided ? first : second;
            ConfigurableApplicationContext survivor = firstDecided ? second : first;
            decider.close();
            List<AlertRaised> more = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                more.add(alert(AlertType.MEDICAL, PLACES.get(i % PLACES.size())));
            }
            broker.publish(more.toArray(SosEvent[]::new));
            awaitDecisions(more);
            alerts.addAll(more);

            Map<String, UUID> holder = new HashMap<>();
            int sent = 0;
            for (AlertRaised alert : alerts) {
                List<UnitsAssigned> decisions = Broker.ofType(
                        broker.readAll(
                                Topics.ASSIGNMENTS.name(), alert.alertId().toString()),
                        UnitsAssigned.class);
                assertThat(decisions).as("one decision per alert").hasSize(1);
                for (UnitsAssigned.Assignment assignment : decisions.get(0).assignments()) {
                    UUID earlier = holder.put(assignment.unitId(), alert.alertId());
                    assertThat(earlier)
                            .as(assignment.unitId() + " on two alerts")
                            .isNull();
                    sent++;
                }
            }
            assertThat(sent).isGreaterThan(30);
            Dispatcher state = survivor.getBean(Dispatcher.class);
            holder.forEach((unit, alertId) ->
                    assertThat(state.unit(unit).alertId()).as(unit).isEqualTo(alertId));
        } finally {
            first.close();
            second.close();
        }
    }

    private static void awaitDecisions(List<AlertRaised> alerts) {
        for (AlertRaised alert : alerts) {
            broker.awaitEvents(
                    Topics.ASSIGNMENTS.name(),
                    alert.alertId().toString(),
                    events -> !Broker.ofType(events, UnitsAssigned.class).isEmpty());
        }
    }

    private static AlertRaised alert(AlertType type, GeoPoint location) {
        return Alerts.raised(type, location, false);
    }
}
