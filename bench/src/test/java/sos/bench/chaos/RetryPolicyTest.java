package sos.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import sos.bench.chaos.RetryPolicy.Attempt;
import sos.bench.chaos.RetryPolicy.Decision;

class RetryPolicyTest {

    private final RetryPolicy policy =
            new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(60));

    @Test
    void shouldStopAtA202() {
        assertThat(policy.decide(answered(202), 1, Duration.ZERO, 0)).isEqualTo(new Decision.Succeeded(202));
    }

    @Test
    void shouldStopAtADefinitive4xxBecauseTheSameRequestWouldBeRefusedAgain() {
        for (int status : new int[] {400, 401, 413, 415, 422}) {
            assertThat(policy.decide(answered(status), 1, Duration.ZERO, 0)).isEqualTo(new Decision.Refused(status));
        }
    }

    @Test
    void shouldRetryWhenTheKeyIsStillInProgressOrTheServerAsksToWait() {
        for (int status : new int[] {408, 409, 425, 429}) {
            assertThat(policy.decide(answered(status), 1, Duration.ZERO, 0)).isInstanceOf(Decision.Retry.class);
        }
    }

    @Test
    void shouldRetryA5xxAndNoAnswerWithExponentialBackOff() {
        assertThat(policy.decide(answered(500), 1, Duration.ZERO, 0)).isEqualTo(retry(100));
        assertThat(policy.decide(answered(502), 2, Duration.ZERO, 0)).isEqualTo(retry(200));
        assertThat(policy.decide(new Attempt.NoAnswer("ConnectException"), 3, Duration.ZERO, 0))
                .isEqualTo(retry(400));
        assertThat(policy.decide(new Attempt.NoAnswer("HttpTimeoutException"), 10, Duration.ZERO, 0))
                .as("capped")
                .isEqualTo(retry(2000));
        assertThat(policy.decide(new Attempt.NoAnswer("reset"), 100, Duration.ZERO, 0))
                .as("no overflow after many attempts")
                .isEqualTo(retry(2000));
    }

    @Test
    void shouldTakeUpToHalfOfTheBackOffOffAtRandom() {
        assertThat(policy.decide(answered(503), 4, Duration.ZERO, 0.5)).isEqualTo(retry(600));
        assertThat(policy.decide(answered(503), 4, Duration.ZERO, 0.75)).isEqualTo(retry(500));
        assertThat(policy.decide(answered(503), 4, Duration.ZERO, 0.999)).isEqualTo(retry(401));
    }

    @Test
    void shouldWaitAsLongAsRetryAfterSaysUpToTheMaximumBackOff() {
        assertThat(policy.decide(answered(503, 1), 1, Duration.ZERO, 0)).isEqualTo(retry(1000));
        assertThat(policy.decide(answered(503, 30), 1, Duration.ZERO, 0)).isEqualTo(retry(2000));
    }

    @Test
    void shouldGiveUpWhenTheNextWaitWouldOverrunTheBudget() {
        assertThat(policy.decide(answered(503), 1, Duration.ofMillis(59_950), 0))
                .isEqualTo(new Decision.GaveUp("HTTP 503"));
        assertThat(policy.decide(new Attempt.NoAnswer("ConnectException: refused"), 1, Duration.ofSeconds(61), 0))
                .isEqualTo(new Decision.GaveUp("ConnectException: refused"));
        assertThat(policy.decide(answered(503), 1, Duration.ofMillis(59_800), 0))
                .isEqualTo(retry(100));
    }

    @Test
    void shouldStillTakeA202ThatArrivesAfterTheBudget() {
        assertThat(policy.decide(answered(202), 9, Duration.ofMinutes(5), 0)).isEqualTo(new Decision.Succeeded(202));
    }

    @Test
    void shouldReadRetryAfterInSeconds() {
        assertThat(RetryPolicy.retryAfter("1")).contains(Duration.ofSeconds(1));
        assertThat(RetryPolicy.retryAfter(" 5 ")).contains(Duration.ofSeconds(5));
        assertThat(RetryPolicy.retryAfter(null)).isEmpty();
        assertThat(RetryPolicy.retryAfter("Wed, 21 Oct 2026 07:28:00 GMT")).isEmpty();
        assertThat(RetryPolicy.retryAfter("-1")).isEmpty();
    }

    private static Attempt answered(int status) {
        return new Attempt.Answered(status, Optional.empty());
    }

    private static Attempt answered(int status, int retryAfterSeconds) {
        return new Attempt.Answered(status, Optional.of(Duration.ofSeconds(retryAfterSeconds)));
    }

    private static Decision retry(long millis) {
        return new Decision.Retry(Duration.ofMillis(millis));
    }
}
