package sos.ingest.domain.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private Instant now = Instant.parse("2026-11-25T09:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void shouldAllowABurstOfTheMinutesBudgetThenSayHowLongToWait() {
        RateLimiter limiter = new RateLimiter(clock, 6);

        for (int i = 0; i < 6; i++) {
            assertThat(limiter.acquire("de-1")).isEmpty();
        }

        assertThat(limiter.acquire("de-1")).hasValue(Duration.ofSeconds(10));
    }

    @Test
    void shouldRefillOverTimeAndKeepKeysApart() {
        RateLimiter limiter = new RateLimiter(clock, 6);
        for (int i = 0; i < 6; i++) {
            limiter.acquire("de-1");
        }

        assertThat(limiter.acquire("jp-1")).isEmpty();
        now = now.plusSeconds(10);
        assertThat(limiter.acquire("de-1")).isEmpty();
        assertThat(limiter.acquire("de-1")).isPresent();
    }

    @Test
    void shouldCountAttemptsLearntFromElsewhereAtTheirOwnTime() {
        RateLimiter lockout = new RateLimiter(clock, 5, Duration.ofMinutes(15));

        for (int i = 0; i < 5; i++) {
            lockout.acquireAt("alert-1", now.minusSeconds(60));
        }
        assertThat(lockout.peek("alert-1"))
                .as("five failures a minute ago lock it")
                .isPresent();
        assertThat(lockout.peek("alert-1").get()).isBetween(Duration.ofSeconds(119), Duration.ofSeconds(121));

        for (int i = 0; i < 5; i++) {
            lockout.acquireAt("alert-2", now.minus(Duration.ofMinutes(20)));
        }
        assertThat(lockout.peek("alert-2"))
                .as("failures older than the window are forgiven")
                .isEmpty();
    }
}
