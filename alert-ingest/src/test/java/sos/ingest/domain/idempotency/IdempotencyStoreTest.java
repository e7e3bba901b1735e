package sos.ingest.domain.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdempotencyStoreTest {

    private static final byte[] BODY = {1, 2, 3};
    private static final byte[] OTHER_BODY = {4, 5, 6};

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T09:00:00Z"));
    private final IdempotencyStore<String> store =
            new IdempotencyStore<>(clock, Duration.ofHours(24), 3, Duration.ofSeconds(5));
    private final AtomicInteger runs = new AtomicInteger();

    @Test
    void shouldReplayTheFirstResultForTheSameKeyAndBody() {
        assertThat(execute("consulate-de", "k1", BODY)).isEqualTo(new IdempotencyStore.Outcome.Executed<>("result-1"));

        clock.advance(Duration.ofHours(23));
        assertThat(execute("consulate-de", "k1", BODY)).isEqualTo(new IdempotencyStore.Outcome.Replayed<>("result-1"));
        assertThat(runs).hasValue(1);
    }

    @Test
    void shouldReportAConflictForTheSameKeyWithAnotherBody() {
        execute("consulate-de", "k1", BODY);

        assertThat(execute("consulate-de", "k1", OTHER_BODY)).isInstanceOf(IdempotencyStore.Outcome.Conflict.class);
        assertThat(runs).hasValue(1);
    }

    @Test
    void shouldKeepKeysOfDifferentConsulatesApart() {
        execute("consulate-de", "k1", BODY);

        assertThat(execute("consulate-jp", "k1", OTHER_BODY)).isInstanceOf(IdempotencyStore.Outcome.Executed.class);
        assertThat(runs).hasValue(2);
    }

    @Test
    void shouldReplayAResultRememberedFromElsewhereForTheRestOfItsDayOnly() {
        Instant elsewhere = clock.instant().minus(Duration.ofHours(20));
        assertThat(store.remember("consulate-de", "k1", BODY, "from-elsewhere", elsewhere))
                .isTrue();
        assertThat(store.remember("consulate-de", "k1", BODY, "again", elsewhere))
                .as("a known key is kept as it is")
                .isFalse();
        assertThat(store.remember("consulate-de", "old", BODY, "too-old", elsewhere.minus(Duration.ofHours(5))))
                .isFalse();

        assertThat(execute("consulate-de", "k1", BODY))
                .isEqualTo(new IdempotencyStore.Outcome.Replayed<>("from-elsewhere"));
        assertThat(execute("consulate-de", "k1", OTHER_BODY)).isInstanceOf(IdempotencyStore.Outcome.Conflict.class);
        clock.advance(Duration.ofHours(4));
        assertThat(execute("consulate-de", "k1", BODY))
                .as("24 h after the first answer, wherever it was given")
                .isInstanceOf(IdempotencyStore.Outcome.Executed.class);
    }

    @Test
    void shouldForgetAKeyAfterItsTimeToLive() {
        execute("consulate-de", "k1", BODY);
        clock.advance(Duration.ofHours(24));

        assertThat(execute("consulate-de", "k1", OTHER_BODY)).isInstanceOf(IdempotencyStore.Outcome.Executed.class);
    }

    @Test
    void shouldNotKeepAResultTheCallerDoesNotWantReplayed() {
        IdempotencyStore.Outcome<String> first =
                store.execute("consulate-de", "k1", BODY, () -> "unavailable-" + runs.incrementAndGet(), r -> false);
        assertThat(first).isEqualTo(new IdempotencyStore.Outcome.Executed<>("unavailable-1"));

        assertThat(execute("consulate-de", "k1", BODY)).isEqualTo(new IdempotencyStore.Outcome.Executed<>("result-2"));
    }

    @Test
    void shouldForgetAKeyWhoseActionThrew() {
        assertThatThrownBy(() -> store.execute(
                        "consulate-de",
                        "k1",
                        BODY,
                        () -> {
                            throw new IllegalStateException("boom");
                        },
                        r -> true))
                .hasMessage("boom");

        assertThat(execute("consulate-de", "k1", BODY)).isInstanceOf(IdempotencyStore.Outcome.Executed.class);
    }

    @Test
    void shouldHoldNoMoreThanItsMaximumNumberOfKeys() {
        for (int i = 0; i < 10; i++) {
            execute("consulate-de", "k" + i, BODY);
        }

        assertThat(store.size()).isEqualTo(3);
        assertThat(execute("consulate-de", "k9", BODY)).isInstanceOf(IdempotencyStore.Outcome.Replayed.class);
        assertThat(execute("consulate-de", "k0", BODY)).isInstanceOf(IdempotencyStore.Outcome.Executed.class);
    }

    @Test
    void shouldRunConcurrentDuplicatesOnceAndGiveEveryoneTheSameResult() throws Exception {
        int callers = 8;
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<IdempotencyStore.Outcome<String>>> outcomes = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                outcomes.add(pool.submit(() -> store.execute(
                        "consulate-de",
                        "k1",
                        BODY,
                        () -> {
                            started.countDown();
                            await(release);
                            return "result-" + runs.incrementAndGet();
                        },
                        r -> true)));
            }
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(100);
            release.countDown();

            List<String> results = new ArrayList<>();
            for (Future<IdempotencyStore.Outcome<String>> outcome : outcomes) {
                IdempotencyStore.Outcome<String> o = outcome.get(5, TimeUnit.SECONDS);
                results.add(
                        o instanceof IdempotencyStore.Outcome.Executed<String> e
                                ? e.result()
                                : ((IdempotencyStore.Outcome.Replayed<String>) o).result());
            }
            assertThat(runs).hasValue(1);
            assertThat(results).hasSize(callers).containsOnly("result-1");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldTellADuplicateToRetryWhenTheFirstIsStillRunningTooLong() throws Exception {
        IdempotencyStore<String> impatient =
                new IdempotencyStore<>(clock, Duration.ofHours(24), 10, Duration.ofMillis(50));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread first = new Thread(() -> impatient.execute(
                "consulate-de",
                "k1",
                BODY,
                () -> {
                    started.countDown();
                    await(release);
                    return "slow";
                },
                r -> true));
        first.start();
        try {
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(impatient.execute("consulate-de", "k1", BODY, () -> "second", r -> true))
                    .isInstanceOf(IdempotencyStore.Outcome.InProgress.class);
        } finally {
            release.countDown();
            first.join(5000);
        }
    }

    private IdempotencyStore.Outcome<String> execute(String scope, String key, byte[] body) {
        return store.execute(scope, key, body, () -> "result-" + runs.incrementAndGet(), r -> true);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
