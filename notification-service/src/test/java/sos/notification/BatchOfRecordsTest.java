package sos.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import sos.contracts.AlertType;
import sos.contracts.EventJson;
import sos.contracts.SosEvent;

/** The listeners that read their records as bytes: what they cannot read is unreadable, not a failed delivery. */
class BatchOfRecordsTest {

    private final byte[] event = EventJson.toBytes(Alerts.raised("consulate-de", AlertType.ARMED_ATTACK));
    private final byte[] poison = {(byte) 0xff, 'n', 'o', 't', ' ', 'J', 'S', 'O', 'N'};

    @Test
    void shouldNameTheFirstUnreadableRecordAsADeserializationErrorWithItsBytesSoThatItIsDeadLetteredWithoutRetries() {
        List<ConsumerRecord<String, byte[]>> batch = List.of(
                new ConsumerRecord<>("sos.notifications", 2, 10, "a", event),
                new ConsumerRecord<>("sos.notifications", 2, 11, "b", poison),
                new ConsumerRecord<>("sos.notifications", 2, 12, "c", event));
        List<SosEvent> read = new ArrayList<>();

        BatchListenerFailedException failure = catchThrowableOfType(
                BatchListenerFailedException.class,
                () -> NotificationListener.BatchOfRecords.handle(batch, record -> {
                    read.add(NotificationListener.BatchOfRecords.read(record, EventJson::fromBytes));
                    return CompletableFuture.completedFuture(null);
                }));

        assertThat(failure.getIndex()).isEqualTo(1);
        // spring-kafka's DefaultErrorHandler classifies a DeserializationException (anywhere in the causes) as not
        // retryable: the record goes to the dead-letter topic at once
        assertThat(failure.getCause()).isInstanceOf(DeserializationException.class);
        assertThat(((DeserializationException) failure.getCause()).getData()).isEqualTo(poison);
        assertThat(read).as("the readable records of the batch").hasSize(2);
    }

    @Test
    void shouldReadAReadableRecord() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("sos.notifications", 0, 0, "a", event);

        String text =
                NotificationListener.BatchOfRecords.read(record, bytes -> new String(bytes, StandardCharsets.UTF_8));

        assertThat(text).startsWith("{\"eventType\":\"AlertRaised\"");
    }
}
