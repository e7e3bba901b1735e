package sos.notification.domain.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {

    /** No jitter taken off (random = 0), so that back-offs are exact. */
    private final RetryPolicy policy =
            new RetryPolicy(4, Duration.ofMillis(200), Duration.ofMillis(1000), 0.5, () -> 0);

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 202, 204})
    void shouldCountAny2xxAsDelivered(int status) {
        assertThat(policy.decide(1, new AttemptResult.Answered(status))).isEqualTo(new RetryDecision.Delivered(status));
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 410, 413, 429, 301, 302})
    void shouldNeverRetryA4xxOrRedirect(int status) {
        assertThat(policy.decide(1, new AttemptResult.Answered(status)))
                .isInstanceOfSatisfying(
                        RetryDecision.GiveUp.class,
                        giveUp -> assertThat(giveUp.reason())
                                .startsWith("HTTP " + status + " from recipient")
                                .contains("not retried"));
    }

    @Test
    void shouldRetryServerErrorsTimeOutsAndIoErrorsWhileAttemptsAreLeft() {
        assertThat(policy.decide(1, new AttemptResult.Answered(503))).isInstanceOf(RetryDecision.RetryAfter.class);
        assertThat(policy.decide(2, new AttemptResult.Answered(500))).isInstanceOf(RetryDecision.RetryAfter.class);
        assertThat(policy.decide(3, new AttemptResult.TimedOut())).isInstanceOf(RetryDecision.RetryAfter.class);
        assertThat(policy.decide(3, new AttemptResult.IoError("ConnectException")))
                .isInstanceOf(RetryDecision.RetryAfter.class);
    }

    @Test
    void shouldGiveUpWithTheLastFailureAfterTheLastAttempt() {
        assertThat(policy.decide(4, new AttemptResult.Answered(503)))
                .isEqualTo(new RetryDecision.GiveUp("HTTP 503 from recipient"));
        assertThat(policy.decide(4, new AttemptResult.TimedOut())).isEqualTo(new RetryDecision.GiveUp("timed out"));
        assertThat(policy.decide(4, new AttemptResult.IoError("ConnectException")))
                .isEqualTo(new RetryDecision.GiveUp("I/O error: ConnectException"));
    }

    @Test
    void shouldNotRetryAtAllWhenOnlyOneAttemptIsAllowed() {
        RetryPolicy once = new RetryPolicy(1, Duration.ofMillis(200), Duration.ofSeconds(1));

        assertThat(once.decide(1, new AttemptResult.Answered(503))).isInstanceOf(RetryDecision.GiveUp.class);
    }

    @Test
    void shouldDoubleTheBackOffAfterEachFailureUpToTheCap() {
        assertThat(policy.decide(1, new AttemptResult.Answered(503)))
                .isEqualTo(new RetryDecision.RetryAfter(Duration.ofMillis(200)));
        assertThat(policy.decide(2, new AttemptResult.Answered(503)))
                .isEqualTo(new RetryDecision.RetryAfter(Duration.ofMillis(400)));
        assertThat(policy.decide(3, new AttemptResult.Answered(503)))
                .isEqualTo(new RetryDecision.RetryAfter(Duration.ofMillis(800)));
        assertThat(policy.backoffAfter(4)).isEqualTo(Duration.ofMillis(1000));
        assertThat(policy.backoffAfter(60)).isEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void shouldTakeARandomShareUpToTheJitterOffTheBackOff() {
        RetryPolicy mostJitter =
                new RetryPolicy(3, Duration.ofMillis(200), Duration.ofMillis(1000), 0.5, () -> 0.999999);
        RetryPolicy halfJitter = new RetryPolicy(3, Duration.ofMillis(200), Duration.ofMillis(1000), 0.5, () -> 0.5);

        assertThat(mostJitter.backoffAfter(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(halfJitter.backoffAfter(2)).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void shouldStayWithinTheJitterBoundsWithRealRandomness() {
        RetryPolicy real = new RetryPolicy(3, Duration.ofMillis(200), Duration.ofMillis(1000));

        for (int i = 0; i < 200; i++) {
            assertThat(real.backoffAfter(2)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
        }
    }
}
