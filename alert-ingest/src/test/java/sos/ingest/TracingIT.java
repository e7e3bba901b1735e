package sos.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import sos.contracts.AlertRaised;
import sos.contracts.SosEvent;
import sos.contracts.Topics;

/**
 * One trace per alert: the W3C trace context of the consulate's request (or a new trace when it sends none) goes with
 * the AlertRaised record as its {@code traceparent} header, and the trace id and alert id are on the log lines.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "SOS_DEMO_KEY_SECRET=" + TracingIT.SECRET,
            "sos.kafka.partitions=1",
            "SOS_INGEST_REPEAT_WINDOW=0s",
            "SOS_INGEST_PIN_HASH_ITERATIONS=10000"
        })
@EmbeddedKafka(
        bootstrapServersProperty = "spring.kafka.bootstrap-servers",
        brokerProperties = {"auto.create.topics.enable=false"})
@ExtendWith(OutputCaptureExtension.class)
class TracingIT {

    static final String SECRET = "tracing-it-secret";
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    @LocalServerPort
    int port;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    @Test
    void shouldCarryTheRequestsTraceIntoTheAlertRecordAndTheLogs(CapturedOutput output) {
        ConsumerRecord<String, SosEvent> record =
                raise("00-" + TRACE_ID + "-" + CALLER_SPAN + "-01", "traced-" + System.nanoTime());

        String[] traceparent = traceparentOf(record).split("-");
        assertThat(traceparent).hasSize(4);
        assertThat(traceparent[1]).as("the caller's trace goes on").isEqualTo(TRACE_ID);
        assertThat(traceparent[2])
                .as("a span of this service, a child of the caller's")
                .isNotEqualTo(CALLER_SPAN);
        String alertId = record.key();
        assertThat(output.getOut().lines())
                .as("the line that says the alert is stored names the trace and the alert")
                .anySatisfy(line -> assertThat(line)
                        .contains("AlertRaised stored")
                        .contains(TRACE_ID)
                        .contains(alertId));
    }

    @Test
    void shouldStartATraceForARequestThatBringsNone() {
        ConsumerRecord<String, SosEvent> record = raise(null, "untraced-" + System.nanoTime());

        assertThat(traceparentOf(record)).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    }

    private ConsumerRecord<String, SosEvent> raise(String traceparent, String marker) {
        SignedRequests germany = new SignedRequests(port, "de-demo-1", SECRET);
        try (AlertsTopic alerts = new AlertsTopic(bootstrap, Topics.ALERTS.name())) {
            Map<TopicPartition, Long> start = alerts.endOffsets();
            var request = germany.alert("{\"type\":\"FIRE\",\"location\":{\"lat\":24.8138,\"lon\":67.03},"
                    + "\"description\":\"" + marker + "\"}");
            if (traceparent != null) {
                request.header("traceparent", traceparent);
            }
            HttpResponse<String> answer = germany.send(request);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
            List<ConsumerRecord<String, SosEvent>> written = alerts.since(start);
            return written.stream()
                    .filter(r -> r.value() instanceof AlertRaised raised && marker.equals(raised.description()))
                    .findFirst()
                    .orElseThrow();
        }
    }

    private static String traceparentOf(ConsumerRecord<String, SosEvent> record) {
        Header header = record.headers().lastHeader("traceparent");
        assertThat(header).as("a traceparent header on the record").isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
