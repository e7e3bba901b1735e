package sos.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import sos.contracts.Agency;
import sos.contracts.AlertEscalated;
import sos.contracts.SosEvent;
import sos.dispatch.domain.Dispatcher;
import sos.dispatch.domain.UnitState;
import sos.dispatch.domain.UnitStatus;

/**
 * What the platform's alert rules watch in dispatch: {@code sos_dispatch_escalations_total{cause}} (escalations the
 * broker acknowledged, one per {@code AlertEscalated}) and {@code sos_dispatch_units_silent{agency}} (units in service
 * whose last position report is older than {@code sos.dispatch.silent-after}; a unit that never reported stands at its
 * station and is not counted). Every series exists from the start, at 0, so that a rule sees its increase.
 */
@Component
final class DispatchMetrics {

    static final List<String> CAUSES =
            List.of(Dispatcher.DURESS, Dispatcher.NO_UNIT_AVAILABLE, Dispatcher.REDISPATCH_FAILED);

    private final Map<String, Counter> escalations;
    private final Dispatcher dispatcher;
    private final Clock clock;
    private final long silentAfterSeconds;
    private final MeterRegistry registry;

    /** The counts of the last look, at most one second old, so that a scrape looks at the units once. */
    private volatile Snapshot silent = new Snapshot(Instant.MIN, new EnumMap<>(Agency.class));

    DispatchMetrics(
            MeterRegistry registry,
            Dispatcher dispatcher,
            Clock clock,
            @Value("${sos.dispatch.silent-after:5m}") Duration silentAfter) {
        this.registry = registry;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.silentAfterSeconds = silentAfter.toSeconds();
        this.escalations = new java.util.concurrent.ConcurrentHashMap<>();
        for (String cause : CAUSES) {
            escalations.put(cause, counter(cause));
        }
        for (Agency agency : Agency.values()) {
            Gauge.builder("sos.dispatch.units.silent", this, metrics -> metrics.silent(agency))
                    .description("units in service whose last position report is older than sos.dispatch.silent-after")
                    .tag("agency", agency.name())
                    .register(registry);
        }
    }

    /** The broker acknowledged these events. */
    void published(List<SosEvent> events) {
        for (SosEvent event : events) {
            if (event instanceof AlertEscalated escalated) {
                escalations.computeIfAbsent(escalated.cause(), this::counter).increment();
            }
        }
    }

    private Counter counter(String cause) {
        return Counter.builder("sos.dispatch.escalations")
                .description("alerts escalated to the control room and the Rangers ops room")
                .tag("cause", cause)
                .register(registry);
    }

    /** How many units of the agency are silent now. */
    int silent(Agency agency) {
        Instant now = clock.instant();
        Snapshot last = silent;
        if (last.at().plusSeconds(1).isBefore(now)) {
            Map<Agency, Integer> counts = new EnumMap<>(Agency.class);
            for (UnitState unit : dispatcher.units()) {
                if (unit.status() != UnitStatus.OUT_OF_SERVICE && unit.isStale(now, silentAfterSeconds)) {
                    counts.merge(unit.unit().agency(), 1, Integer::sum);
                }
            }
            last = new Snapshot(now, counts);
            silent = last;
        }
        return last.counts().getOrDefault(agency, 0);
    }

    private record Snapshot(Instant at, Map<Agency, Integer> counts) {}
}
