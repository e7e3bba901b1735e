package sos.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

class RateSearchTest {

    /** Runs a search against a system that meets the target up to {@code capacity}; returns the rates it tried. */
    private static List<Integer> run(RateSearch search, IntPredicate meets) {
        List<Integer> tried = new ArrayList<>();
        for (OptionalInt next = search.next(); next.isPresent(); next = search.next()) {
            tried.add(next.getAsInt());
            search.record(next.getAsInt(), meets.test(next.getAsInt()));
        }
        return tried;
    }

    @Test
    void shouldStepUpFromTheFixedRatesAndBisectToWithinItsPrecision() {
        RateSearch search = new RateSearch(10, 50_000, 1.5, 0.1, 20);
        search.known(200, true);
        search.known(1000, true);

        List<Integer> tried = run(search, rate -> rate <= 2_300);

        assertThat(tried).startsWith(1500, 2250, 3400);
        int best = search.best().orElseThrow();
        assertThat(best).isLessThanOrEqualTo(2_300).isGreaterThanOrEqualTo((int) (2_300 / 1.1));
    }

    @Test
    void shouldBisectBetweenAPassingAndAFailingFixedRate() {
        RateSearch search = new RateSearch(10, 50_000, 1.5, 0.1, 20);
        search.known(200, true);
        search.known(1000, false);

        List<Integer> tried = run(search, rate -> rate <= 430);

        assertThat(tried.get(0)).isEqualTo(600);
        assertThat(tried).allMatch(rate -> rate > 200 && rate < 1000);
        assertThat(search.best().orElseThrow()).isBetween(390, 430);
    }

    @Test
    void shouldHalveDownWhenNothingMetTheTarget() {
        RateSearch search = new RateSearch(10, 50_000, 1.5, 0.1, 20);
        search.known(200, false);
        search.known(1000, false);

        List<Integer> tried = run(search, rate -> rate <= 60);

        assertThat(tried).startsWith(100, 50);
        assertThat(search.best().orElseThrow()).isBetween(55, 60);
    }

    @Test
    void shouldEndWithoutABestRateWhenEvenTheLowestFails() {
        RateSearch search = new RateSearch(10, 50_000, 1.5, 0.1, 20);
        search.known(200, false);

        List<Integer> tried = run(search, rate -> false);

        assertThat(tried).containsExactly(100, 50, 30, 20, 10);
        assertThat(search.best()).isEmpty();
    }

    @Test
    void shouldStopAfterItsTrials() {
        RateSearch search = new RateSearch(10, 50_000, 1.5, 0.1, 2);
        search.known(1000, true);

        List<Integer> tried = run(search, rate -> true);

        assertThat(tried).containsExactly(1500, 2250);
        assertThat(search.best()).hasValue(2250);
    }

    @Test
    void shouldNotGoPastTheMaximumRate() {
        RateSearch search = new RateSearch(10, 2000, 2, 0.1, 20);
        search.known(1000, true);

        assertThat(run(search, rate -> true)).containsExactly(2000);
        assertThat(search.best()).hasValue(2000);
    }

    @Test
    void shouldTakeTheHighestPassingRateWhenANoisyRunFailedBelowIt() {
        RateSearch search = new RateSearch(10, 50_000, 2, 0.1, 20);
        search.known(200, false);
        search.known(1000, true);

        assertThat(search.best()).hasValue(1000);
        assertThat(search.next()).hasValue(2000);
    }
}
