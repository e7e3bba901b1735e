package sos.notification.domain.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private Instant now = Instant.parse("2026-11-25T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(30), clock);

    @Test
    void shouldOpenAfterTheThresholdOfFailuresInARowAndRefuseAttemptsWhileOpen() {
        breaker.onFailure();
        breaker.onFailure();
        assertThat(breaker.allowsAttempt()).isTrue();

        breaker.onFailure();

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.allowsAttempt()).isFalse();
    }

    @Test
    void shouldCountOnlyFailuresInARow() {
        breaker.onFailure();
        breaker.onFailure();
        breaker.onSuccess();
        breaker.onFailure();

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void shouldLetOneTrialThroughAfterTheOpenTimeAndCloseWhenItSucceeds() {
        open();
        now = now.plusSeconds(31);

        assertThat(breaker.allowsAttempt()).isTrue();
        assertThat(breaker.allowsAttempt()).as("only one trial at a time").isFalse();
        breaker.onSuccess();

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.allowsAttempt()).isTrue();
    }

    @Test
    void shouldOpenAgainWhenTheTrialFails() {
        open();
        now = now.plusSeconds(31);
        breaker.allowsAttempt();

        breaker.onFailure();

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.allowsAttempt()).isFalse();
    }

    private void open() {
        for (int i = 0; i < 3; i++) {
            breaker.onFailure();
        }
    }
}
