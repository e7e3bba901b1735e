package sos.dispatch.domain;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import sos.contracts.Severity;

/**
 * How dispatch waits and gives up.
 *
 * @param ackTimeout per severity: how long a dispatched unit has to acknowledge before the next-best unit is sent
 * @param maxRedispatches how many units may fail to acknowledge on one alert before it escalates
 * @param radiusKm units farther than this from the alert are not suitable
 * @param maxPositionAgeSeconds a unit whose last GPS fix is older than this is left out of selection
 * @param proposeMarginSeconds a moved alert gets a proposal only for a unit at least this much faster
 * @param indexCellDegrees the spatial index's cell size: aim at a few units per cell (0.01 for a city fleet, 0.002 for
 *     a million units over Karachi)
 */
public record DispatchSettings(
        Map<Severity, Duration> ackTimeout,
        int maxRedispatches,
        double radiusKm,
        long maxPositionAgeSeconds,
        int proposeMarginSeconds,
        double indexCellDegrees) {

    public DispatchSettings(
            Map<Severity, Duration> ackTimeout,
            int maxRedispatches,
            double radiusKm,
            long maxPositionAgeSeconds,
            int proposeMarginSeconds) {
        this(ackTimeout, maxRedispatches, radiusKm, maxPositionAgeSeconds, proposeMarginSeconds, 0.01);
    }

    public DispatchSettings {
        EnumMap<Severity, Duration> timeouts = new EnumMap<>(Severity.class);
        for (Severity severity : Severity.values()) {
            Duration timeout = ackTimeout.get(severity);
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("acknowledgement timeout for " + severity + " must be positive");
            }
            timeouts.put(severity, timeout);
        }
        ackTimeout = Map.copyOf(timeouts);
        if (maxRedispatches < 0) {
            throw new IllegalArgumentException("maxRedispatches must not be negative");
        }
        if (!(radiusKm > 0)) {
            throw new IllegalArgumentException("radiusKm must be positive");
        }
    }

    /** 60 s for CRITICAL, 90 s HIGH, 120 s MEDIUM, 180 s LOW; 3 re-dispatches; 40 km; positions up to 5 minutes old. */
    public static DispatchSettings defaults() {
        return new DispatchSettings(
                Map.of(
                        Severity.CRITICAL, Duration.ofSeconds(60),
                        Severity.HIGH, Duration.ofSeconds(90),
                        Severity.MEDIUM, Duration.ofSeconds(120),
                        Severity.LOW, Duration.ofSeconds(180)),
                3,
                40.0,
                300,
                60);
    }

    public Duration ackTimeoutFor(Severity severity) {
        return severity == null ? ackTimeout.get(Severity.CRITICAL) : ackTimeout.get(severity);
    }
}
