package sos.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.kafka.test.context.EmbeddedKafka;
import sos.contracts.AlertRaised;
import sos.contracts.AlertType;
import sos.contracts.SosEvent;
import sos.contracts.Topics;
import sos.contracts.UnitsAssigned;
import sos.testsupport.Karachi;

/**
 * One trace per alert across a Kafka hop: the listener continues the trace of the AlertRaised record's
 * {@code traceparent} header, and the decision it writes carries the same trace id on to its readers.
 */
@SpringBootTest(
        properties = {
            "sos.dispatch.ops-token=it-ops-token",
            "logging.level.org.apache.kafka=WARN",
            "logging.level.state.change.logger=WARN"
        })
@EmbeddedKafka(
        partitions = 6,
        bootstrapServersProperty = "spring.kafka.bootstrap-servers",
        brokerProperties = {"auto.create.topics.enable=false", "group.initial.rebalance.delay.ms=0"})
@ExtendWith(OutputCaptureExtension.class)
class TracingIT {

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String INGEST_SPAN = "b7ad6b7169203331";

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    @Test
    void shouldContinueTheAlertsTraceInTheDecisionItWrites(CapturedOutput output) throws Exception {
        Broker broker = new Broker(bootstrap);
        broker.createAlertsTopic();
        AlertRaised alert = new AlertRaised(
                UUID.randomUUID(),
                Instant.now(),
                UUID.randomUUID(),
                "consulate-de",
                "Consulate General of Germany (demo)",
                AlertType.FIRE,
                AlertType.FIRE.defaultSeverity(),
                Karachi.CLIFTON,
                10.0,
                null,
                "traced",
                false);
        ProducerRecord<String, SosEvent> record = new ProducerRecord<>(Topics.ALERTS.name(), alert.key(), alert);
        record.headers()
                .add("traceparent", ("00-" + TRACE_ID + "-" + INGEST_SPAN + "-01").getBytes(StandardCharsets.UTF_8));

        broker.publish(record);

        broker.awaitEvents(
                Topics.ASSIGNMENTS.name(),
                alert.key(),
                events -> events.stream().anyMatch(UnitsAssigned.class::isInstance));
        List<ConsumerRecord<String, SosEvent>> decisions = broker.records(Topics.ASSIGNMENTS.name(), alert.key());
        ConsumerRecord<String, SosEvent> assigned = decisions.stream()
                .filter(r -> r.value() instanceof UnitsAssigned)
                .findFirst()
                .orElseThrow();
        Header traceparent = assigned.headers().lastHeader("traceparent");
        assertThat(traceparent).as("the decision carries the trace on").isNotNull();
        assertThat(new String(traceparent.value(), StandardCharsets.UTF_8))
                .startsWith("00-" + TRACE_ID + "-")
                .doesNotContain(INGEST_SPAN);
        assertThat(output.getOut().lines())
                .as("the listener's log lines name the trace and the alert")
                .anySatisfy(line -> assertThat(line)
                        .contains(TRACE_ID)
                        .contains(alert.alertId().toString()));
    }
}
