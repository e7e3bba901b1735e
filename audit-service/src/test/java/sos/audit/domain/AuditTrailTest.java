package sos.audit.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AuditTrailTest {

    private final InMemoryStore store = new InMemoryStore();
    private final AuditTrail trail = new AuditTrail(store);

    @Test
    void shouldListTheLatestEventsInRecordedOrderAndTellWhereToContinue() {
        store.fill(5);

        EventPage page = trail.events(2, null);

        assertThat(page.events()).extracting(RecordedEvent::seq).containsExactly(4L, 5L);
        assertThat(page.nextAfterSeq()).isEqualTo(5);
    }

    @Test
    void shouldFollowTheTrailPageByPageAfterAGivenSeq() {
        store.fill(5);

        EventPage first = trail.events(2, 0L);
        EventPage second = trail.events(2, first.nextAfterSeq());
        EventPage last = trail.events(2, 4L);
        EventPage nothingNew = trail.events(2, 5L);

        assertThat(first.events()).extracting(RecordedEvent::seq).containsExactly(1L, 2L);
        assertThat(second.events()).extracting(RecordedEvent::seq).containsExactly(3L, 4L);
        assertThat(last.events()).extracting(RecordedEvent::seq).containsExactly(5L);
        assertThat(nothingNew.events()).isEmpty();
        assertThat(nothingNew.nextAfterSeq()).isEqualTo(5);
    }

    @Test
    void shouldUseTheDefaultPageSizeWhenNoLimitIsGiven() {
        store.fill(AuditTrail.DEFAULT_PAGE_SIZE + 1);

        assertThat(trail.events(null, null).events()).hasSize(AuditTrail.DEFAULT_PAGE_SIZE);
    }

    @Test
    void shouldRefuseALimitOutOfRangeOrANegativeSeq() {
        assertThatThrownBy(() -> trail.events(0, null)).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> trail.events(AuditTrail.MAX_PAGE_SIZE + 1, null))
                .isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> trail.events(10, -1L)).isInstanceOf(InvalidQueryException.class);
    }

    @Test
    void shouldNotTouchTheStoreForAnEmptyBatch() {
        assertThat(trail.record(List.of())).isEmpty();
        assertThat(store.appends).isZero();
    }

    /** A fake store; the real one is exercised against PostgreSQL in AuditIT. */
    private static final class InMemoryStore implements AuditStore {

        private final List<RecordedEvent> events = new ArrayList<>();
        private int appends;

        void fill(int count) {
            Instant at = Instant.parse("2026-11-25T09:14:07Z");
            for (int seq = 1; seq <= count; seq++) {
                events.add(new RecordedEvent(
                        seq,
                        UUID.randomUUID(),
                        "AlertRejected",
                        null,
                        "consulate-de",
                        "sos.alerts.rejected",
                        at,
                        at,
                        "{}"));
            }
        }

        @Override
        public List<Boolean> append(List<AuditEntry> entries) {
            appends++;
            return entries.stream().map(entry -> true).toList();
        }

        @Override
        public List<RecordedEvent> eventsOfAlert(UUID alertId) {
            return List.of();
        }

        @Override
        public List<RecordedEvent> find(EventQuery query) {
            List<RecordedEvent> matching = events.stream()
                    .filter(event -> query.afterSeq() == null || event.seq() > query.afterSeq())
                    .filter(event -> query.beforeSeq() == null || event.seq() < query.beforeSeq())
                    .toList();
            return query.newestFirst()
                    ? matching.subList(Math.max(0, matching.size() - query.limit()), matching.size())
                    : matching.stream().limit(query.limit()).toList();
        }

        @Override
        public void scan(EventFilter filter, java.util.function.Consumer<RecordedEvent> consumer) {
            events.forEach(consumer);
        }

        @Override
        public boolean isReachable() {
            return true;
        }

        @Override
        public void scanChain(long afterSeq, java.util.function.Predicate<AuditRow> consumer) {}

        @Override
        public java.util.Optional<String> consulateOf(UUID alertId) {
            return java.util.Optional.empty();
        }

        @Override
        public Chain.Head head() {
            return Chain.Head.EMPTY;
        }
    }
}
