package sos.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;
import sos.contracts.DispatchEvent;
import sos.contracts.SosEvent;
import sos.contracts.Topics;
import sos.contracts.UnitEvent;

/**
 * Runs a change of the dispatch state and publishes the events that record it: decisions to
 * {@code sos.dispatch.assignments} (keyed by alert id), unit states to the compacted {@code sos.units.state} (keyed by
 * unit id). The change and the sends happen under one lock, so that the records of one unit reach the broker in the
 * order of its versions (the compacted topic keeps the last one); then it waits until the broker has every record
 * (acks=all), so that a failure is retried by the caller (a retry re-publishes the same event ids).
 */
@Component
class EventPublisher {

    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final KafkaTemplate<String, SosEvent> kafka;
    private final DispatchStream stream;
    private final Object order = new Object();

    EventPublisher(KafkaTemplate<String, SosEvent> kafka, DispatchStream stream) {
        this.kafka = kafka;
        this.stream = stream;
    }

    /** Runs {@code change} and publishes what it returns. */
    <T> T apply(Supplier<T> change, java.util.function.Function<T, List<SosEvent>> eventsOf) {
        T result;
        List<CompletableFuture<SendResult<String, SosEvent>>> sent = new ArrayList<>();
        List<SosEvent> events;
        synchronized (order) {
            result = change.get();
            events = eventsOf.apply(result);
            for (SosEvent event : events) {
                sent.add(kafka.send(topicOf(event), event.key(), event));
            }
        }
        await(sent);
        events.forEach(stream::offer);
        return result;
    }

    void publish(Supplier<List<SosEvent>> change) {
        apply(change, events -> events);
    }

    private static String topicOf(SosEvent event) {
        if (event instanceof DispatchEvent) {
            return Topics.ASSIGNMENTS.name();
        }
        if (event instanceof UnitEvent) {
            return Topics.UNIT_STATE.name();
        }
        throw new IllegalArgumentException("dispatch-service does not write " + event.eventType());
    }

    private static void await(List<CompletableFuture<SendResult<String, SosEvent>>> sent) {
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish " + sent.size() + " events", e);
        }
    }
}
