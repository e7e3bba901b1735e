package sos.ingest.domain.intake;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A token bucket per key: {@code perMinute} requests a minute, in bursts of at most {@code perMinute}. Used for the
 * lifecycle and status endpoints only; {@code POST /api/v1/alerts} is never limited (a flood of presses becomes repeat
 * presses of one alert). Bounded: the least recently used buckets are forgotten first.
 */
public final class RateLimiter {

    private static final int MAX_KEYS = 10_000;

    private final Clock clock;
    private final double perNano;
    private final double capacity;
    private final Map<String, double[]> buckets = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
            return size() > MAX_KEYS;
        }
    };

    public RateLimiter(Clock clock, int perMinute) {
        this(clock, perMinute, Duration.ofMinutes(1));
    }

    /** {@code capacity} tokens, refilled evenly over {@code period}. */
    public RateLimiter(Clock clock, int capacity, Duration period) {
        if (capacity < 1 || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("capacity must be at least 1 and period positive");
        }
        this.clock = clock;
        this.capacity = capacity;
        this.perNano = capacity / (double) period.toNanos();
    }

    /** Like {@link #acquire} but takes nothing: how long until a token is there, if none is. */
    public synchronized Optional<Duration> peek(String key) {
        double[] bucket = buckets.get(key);
        if (bucket == null) {
            return Optional.empty();
        }
        double tokens = Math.min(capacity, bucket[0] + (nanos() - bucket[1]) * perNano);
        return tokens >= 1 ? Optional.empty() : Optional.of(Duration.ofNanos((long) Math.ceil((1 - tokens) / perNano)));
    }

    /** Takes one token for {@code key}; when none is left, how long until one is. */
    public Optional<Duration> acquire(String key) {
        return acquireAt(key, clock.instant());
    }

    /**
     * Takes one token for {@code key} as of {@code at} (a past attempt learnt from elsewhere, replayed in order); an
     * attempt older than the bucket's last one counts as of that last one.
     */
    public synchronized Optional<Duration> acquireAt(String key, java.time.Instant at) {
        long when = nanos(at);
        double[] bucket = buckets.computeIfAbsent(key, k -> new double[] {capacity, when});
        long now = Math.max(when, (long) bucket[1]);
        double tokens = Math.min(capacity, bucket[0] + (now - bucket[1]) * perNano);
        bucket[1] = now;
        if (tokens >= 1) {
            bucket[0] = tokens - 1;
            return Optional.empty();
        }
        bucket[0] = tokens;
        long wait = (long) Math.ceil((1 - tokens) / perNano);
        return Optional.of(Duration.ofNanos(wait));
    }

    private long nanos() {
        return nanos(clock.instant());
    }

    private static long nanos(java.time.Instant at) {
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }
}
