package sos.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import sos.contracts.AlertLifecycleEvent;
import sos.contracts.AlertRepeatPressed;
import sos.ingest.domain.intake.IntakeResult;

/**
 * What {@code /actuator/prometheus} shows about the door: {@code sos_ingest_accepted_total{event}}, {@code
 * sos_ingest_rejected_total{reason,status}} and the latency histogram {@code sos_ingest_post_seconds{endpoint}}.
 * A flood of presses on one alert is flagged with {@code sos_ingest_press_flood_total} and a warning.
 */
@Component
final class IngestMetrics {

    static final int FLOOD_PRESSES = 10;
    private static final Logger log = LoggerFactory.getLogger(IngestMetrics.class);

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();
    /** Looked up once per name and tags, not built and registered again on every request. */
    private final ConcurrentMap<List<String>, Counter> counters = new ConcurrentHashMap<>();

    IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String endpoint, IntakeResult result, long startNanos) {
        timers.computeIfAbsent(
                        endpoint,
                        e -> Timer.builder("sos.ingest.post")
                                .description(
                                        "POST latency, from the request to the answer (202 only after the broker's ack)")
                                .tag("endpoint", e)
                                .publishPercentileHistogram()
                                .minimumExpectedValue(Duration.ofMillis(1))
                                .maximumExpectedValue(Duration.ofSeconds(10))
                                .register(registry))
                .record(Duration.ofNanos(System.nanoTime() - startNanos));
        count(result);
    }

    void count(IntakeResult result) {
        if (result instanceof IntakeResult.Accepted accepted) {
            AlertLifecycleEvent event = accepted.event();
            counter("sos.ingest.accepted", "events accepted (stored on sos.alerts)", "event", event.eventType())
                    .increment();
            if (event instanceof AlertRepeatPressed pressed && pressed.pressCount() % FLOOD_PRESSES == 0) {
                counter("sos.ingest.press.flood", "alerts pressed another " + FLOOD_PRESSES + " times")
                        .increment();
                log.warn(
                        "press flood: consulate={} pressed {} times on one open alert",
                        pressed.consulateId(),
                        pressed.pressCount());
            }
        } else if (result instanceof IntakeResult.Cancelled) {
            // genuine and duress alike: metrics must not tell them apart
            counter("sos.ingest.accepted", "events accepted (stored on sos.alerts)", "event", "Cancel")
                    .increment();
        } else if (result instanceof IntakeResult.Refused refused) {
            rejected(refused.problem().uri().substring(refused.problem().uri().lastIndexOf('/') + 1), refused.status());
        }
    }

    void rejected(String reason, int status) {
        counter(
                        "sos.ingest.rejected",
                        "requests refused, by problem type",
                        "reason",
                        reason,
                        "status",
                        String.valueOf(status))
                .increment();
    }

    /** A press relayed to the instance that decides its consulate's presses (answered there). */
    void relayed() {
        counter("sos.ingest.relayed", "presses relayed to the instance that decides their consulate's presses")
                .increment();
    }

    private Counter counter(String name, String description, String... tags) {
        List<String> id = new java.util.ArrayList<>(List.of(tags));
        id.add(0, name);
        return counters.computeIfAbsent(
                List.copyOf(id),
                k -> Counter.builder(name).description(description).tags(tags).register(registry));
    }
}
