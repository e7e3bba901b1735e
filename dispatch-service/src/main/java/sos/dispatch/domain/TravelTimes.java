package sos.dispatch.domain;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Estimated time of arrival: great-circle distance times a road factor (streets are not straight lines), at the
 * capability's average speed in city traffic, rounded up to whole seconds.
 */
public final class TravelTimes {

    private static final double SECONDS_PER_HOUR = 3600.0;
    /** Guards the rounding up against floating-point noise: 1680.0000000001 s is 1680 s, not 1681. */
    private static final double ROUNDING_SLACK_SECONDS = 1e-6;

    private final double roadFactor;
    private final Map<Capability, Double> speedKmh;

    public TravelTimes(double roadFactor, Map<Capability, Double> speedKmh) {
        if (!(roadFactor >= 1.0)) {
            throw new IllegalArgumentException("road factor must be at least 1.0, was " + roadFactor);
        }
        Objects.requireNonNull(speedKmh, "speedKmh");
        EnumMap<Capability, Double> speeds = new EnumMap<>(Capability.class);
        for (Capability capability : Capability.values()) {
            Double speed = speedKmh.get(capability);
            if (speed == null || !(speed > 0)) {
                throw new IllegalArgumentException("speed for " + capability + " must be positive, was " + speed);
            }
            speeds.put(capability, speed);
        }
        this.roadFactor = roadFactor;
        this.speedKmh = speeds;
    }

    public int etaSeconds(Capability capability, double distanceKm) {
        double seconds = distanceKm * roadFactor / speedKmh.get(capability) * SECONDS_PER_HOUR;
        return (int) Math.ceil(seconds - ROUNDING_SLACK_SECONDS);
    }

    /** The ETA in seconds, not rounded: for ranking. */
    public double etaSecondsExact(Capability capability, double distanceKm) {
        return distanceKm * roadFactor / speedKmh.get(capability) * SECONDS_PER_HOUR;
    }

    public double roadFactor() {
        return roadFactor;
    }

    public double speedKmh(Capability capability) {
        return speedKmh.get(capability);
    }
}
