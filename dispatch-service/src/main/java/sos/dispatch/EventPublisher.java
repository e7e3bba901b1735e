package sos.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.beans.factory.DisposableBean;
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
 * unit id). The change and the hand-over of its records to the producer happen under one short lock (no waiting in it:
 * {@code send} only appends to the producer's buffer), so that the records of one unit reach the broker in the order of
 * their versions (the compacted topic keeps the last one). The broker's acknowledgement (acks=all) is awaited outside
 * the lock: {@link #apply} blocks the caller until then (the alert listener, so that a failure is retried with the
 * same event ids), {@link #applyAsync} returns at once and completes when the broker has every record (the unit API,
 * so that no servlet thread waits for the broker).
 */
@Component
class EventPublisher implements DisposableBean {

    static final long SEND_TIMEOUT_SECONDS = 30;

    private final KafkaTemplate<String, SosEvent> kafka;
    private final DispatchStream stream;
    private final DispatchMetrics metrics;
    /** Completes the asynchronous answers (and writes to SSE streams) off the producer's network thread. */
    private final ExecutorService streamExecutor = Executors.newFixedThreadPool(2, task -> {
        Thread thread = new Thread(task, "dispatch-publish-done");
        thread.setDaemon(true);
        return thread;
    });

    private final Object order = new Object();

    EventPublisher(KafkaTemplate<String, SosEvent> kafka, DispatchStream stream, DispatchMetrics metrics) {
        this.kafka = kafka;
        this.stream = stream;
        this.metrics = metrics;
    }

    @Override
    public void destroy() {
        streamExecutor.shutdown();
    }

    /** Runs {@code change}, publishes what it returns and waits until the broker has it. */
    <T> T apply(Supplier<T> change, Function<T, List<SosEvent>> eventsOf) {
        Sent<T> sent = send(change, eventsOf);
        await(sent.acknowledged());
        metrics.published(sent.events());
        sent.events().forEach(stream::offer);
        return sent.result();
    }

    /**
     * Runs {@code change} (its exceptions are thrown here, at once) and hands what it returns to the producer; the
     * answer completes when the broker has every record, or fails with a {@link PublishFailedException}.
     */
    <T> CompletableFuture<T> applyAsync(Supplier<T> change, Function<T, List<SosEvent>> eventsOf) {
        Sent<T> sent = send(change, eventsOf);
        return sent.acknowledged()
                .orTimeout(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .handleAsync(
                        (ignored, failure) -> {
                            if (failure != null) {
                                throw new PublishFailedException(sent.events().size(), unwrap(failure));
                            }
                            metrics.published(sent.events());
                            // SSE writes happen here, never on the producer's network thread
                            sent.events().forEach(stream::offer);
                            return sent.result();
                        },
                        streamExecutor);
    }

    void publish(Supplier<List<SosEvent>> change) {
        apply(change, events -> events);
    }

    private <T> Sent<T> send(Supplier<T> change, Function<T, List<SosEvent>> eventsOf) {
        T result;
        List<SosEvent> events;
        List<CompletableFuture<SendResult<String, SosEvent>>> sent = new ArrayList<>();
        synchronized (order) {
            result = change.get();
            events = eventsOf.apply(result);
            for (SosEvent event : events) {
                sent.add(kafka.send(topicOf(event), event.key(), event));
            }
        }
        CompletableFuture<Void> acknowledged = sent.size() == 1
                ? sent.get(0).thenApply(ignored -> null)
                : CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
        return new Sent<>(result, events, acknowledged);
    }

    private record Sent<T>(T result, List<SosEvent> events, CompletableFuture<Void> acknowledged) {}

    private static String topicOf(SosEvent event) {
        if (event instanceof DispatchEvent) {
            return Topics.ASSIGNMENTS.name();
        }
        if (event instanceof UnitEvent) {
            return Topics.UNIT_STATE.name();
        }
        throw new IllegalArgumentException("dispatch-service does not write " + event.eventType());
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static void await(CompletableFuture<Void> acknowledged) {
        try {
            acknowledged.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish the events of a change", e);
        }
    }

    /** The broker did not acknowledge a change within the send timeout (it stays applied here, see the README). */
    static final class PublishFailedException extends RuntimeException {

        PublishFailedException(int events, Throwable cause) {
            super("could not publish " + events + " events: " + cause.getClass().getSimpleName(), cause);
        }
    }
}
