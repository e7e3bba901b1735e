package sos.ingest.domain.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import sos.contracts.AlertCancelled;
import sos.contracts.AlertLocationUpdated;
import sos.contracts.AlertRaised;
import sos.contracts.AlertType;
import sos.contracts.DuressSignalled;
import sos.contracts.GeoPoint;
import sos.contracts.Severity;
import sos.ingest.domain.intake.AlertPublisher.Receipt;

class AlertBookTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(30);

    private final AlertBook book = new AlertBook(100);

    private static AlertRaised raised(UUID alertId) {
        return raised(alertId, "consulate-de", T0);
    }

    private static AlertRaised raised(UUID alertId, String consulateId, Instant at) {
        return new AlertRaised(
                UUID.randomUUID(),
                at,
                alertId,
                consulateId,
                "Consulate General of Germany",
                AlertType.ARMED_ATTACK,
                Severity.CRITICAL,
                new GeoPoint(24.8138, 67.03),
                15.0,
                null,
                null,
                false,
                "South");
    }

    @Test
    void shouldNotAttachAPressToAResolvedAlert() {
        UUID alertId = UUID.randomUUID();
        book.apply(raised(alertId));
        book.resolved(alertId, T0.plusSeconds(600));

        assertThat(book.pressAgain("consulate-de", false, T0.plusSeconds(900), WINDOW))
                .isEmpty();
        assertThat(book.find("consulate-de", alertId).orElseThrow().visibleStatus())
                .isEqualTo("RESOLVED");
        assertThat(book.open("consulate-de")).isEmpty();
    }

    @Test
    void shouldApplyAResolutionReadBeforeTheAlertsRaise() {
        UUID alertId = UUID.randomUUID();
        book.resolved(alertId, T0.plusSeconds(600));
        book.apply(raised(alertId));

        assertThat(book.find("consulate-de", alertId).orElseThrow().status()).isEqualTo(AlertState.Status.RESOLVED);
        assertThat(book.pressAgain("consulate-de", false, T0.plusSeconds(700), WINDOW))
                .isEmpty();
    }

    @Test
    void shouldKeepACancelledOrDuressAlertLookingCancelledWhenItIsResolvedLater() {
        UUID cancelled = UUID.randomUUID();
        UUID duress = UUID.randomUUID();
        book.apply(raised(cancelled));
        book.apply(raised(duress));
        book.apply(new AlertCancelled(UUID.randomUUID(), T0.plusSeconds(60), cancelled, "consulate-de", null, false));
        book.apply(new DuressSignalled(UUID.randomUUID(), T0.plusSeconds(60), duress, "consulate-de", false));
        book.resolved(cancelled, T0.plusSeconds(600));
        book.resolved(duress, T0.plusSeconds(600));

        assertThat(book.find("consulate-de", cancelled).orElseThrow().visibleStatus())
                .isEqualTo("CANCELLED");
        assertThat(book.find("consulate-de", duress).orElseThrow().visibleStatus())
                .isEqualTo("CANCELLED");
        assertThat(book.find("consulate-de", duress).orElseThrow().status()).isEqualTo(AlertState.Status.DURESS);
    }

    @Test
    void shouldStillAttachAPressToAnOpenAlertWithinTheWindow() {
        UUID alertId = UUID.randomUUID();
        book.apply(raised(alertId));

        assertThat(book.pressAgain("consulate-de", false, T0.plusSeconds(60), WINDOW))
                .map(target -> target.alert().alertId())
                .hasValue(alertId);
    }

    @Test
    void shouldKeepEachConsulatesOpenAlertsThroughEvictionForgettingAndClosing() {
        AlertBook small = new AlertBook(3);
        UUID evicted = UUID.randomUUID();
        UUID forgotten = UUID.randomUUID();
        UUID cancelled = UUID.randomUUID();
        UUID open = UUID.randomUUID();
        UUID otherConsulate = UUID.randomUUID();
        small.apply(raised(evicted, "consulate-de", T0));
        small.apply(raised(forgotten, "consulate-de", T0.plusSeconds(1)));
        small.apply(raised(cancelled, "consulate-de", T0.plusSeconds(2)));
        small.apply(raised(open, "consulate-de", T0.plusSeconds(3))); // the book holds 3: the first is forgotten
        small.forget(forgotten);
        small.apply(new AlertCancelled(UUID.randomUUID(), T0.plusSeconds(4), cancelled, "consulate-de", null, false));
        small.apply(raised(otherConsulate, "consulate-fr", T0.plusSeconds(5)));

        assertThat(small.open("consulate-de")).extracting(AlertState::alertId).containsExactly(open);
        assertThat(small.open("consulate-fr")).extracting(AlertState::alertId).containsExactly(otherConsulate);
        assertThat(small.pressAgain("consulate-de", false, T0.plusSeconds(60), WINDOW))
                .map(target -> target.alert().alertId())
                .hasValue(open);
        small.resolved(open, T0.plusSeconds(90));
        assertThat(small.open("consulate-de")).isEmpty();
        assertThat(small.pressAgain("consulate-de", false, T0.plusSeconds(120), WINDOW))
                .isEmpty();
    }

    @Test
    void shouldAttachNoPressWithAWindowOfZero() {
        book.apply(raised(UUID.randomUUID()));

        assertThat(book.pressAgain("consulate-de", false, T0, Duration.ZERO)).isEmpty();
        assertThat(book.open("consulate-de")).hasSize(1);
    }

    @Test
    void shouldApplyEachOfAnAlertsLastSixtyFourEventsOnlyOnce() {
        UUID alertId = UUID.randomUUID();
        AlertRaised raise = raised(alertId);
        book.apply(raise);
        List<AlertLocationUpdated> moves = new ArrayList<>();
        for (int i = 1; i <= 70; i++) {
            AlertLocationUpdated move = new AlertLocationUpdated(
                    UUID.randomUUID(),
                    T0.plusSeconds(i),
                    alertId,
                    "consulate-de",
                    new GeoPoint(24.80 + i / 1000.0, 67.03),
                    10.0,
                    false);
            moves.add(move);
            book.apply(move);
        }
        GeoPoint last = moves.get(69).location();

        book.apply(moves.get(10)); // the 12th of 71 events: among the last 64, so a duplicate
        book.apply(moves.get(68));

        assertThat(book.find("consulate-de", alertId).orElseThrow().location()).isEqualTo(last);

        book.apply(moves.get(2)); // the 4th: forgotten by now, so applied again as the bound allows
        assertThat(book.find("consulate-de", alertId).orElseThrow().location())
                .isEqualTo(moves.get(2).location());
    }

    @Test
    void shouldLetGoOfThePendingSendOnceTheRaiseIsReadBackFromTheBroker() {
        UUID alertId = UUID.randomUUID();
        AlertRaised raise = raised(alertId);
        Receipt pending = () -> {};
        book.apply(raise, pending);

        assertThat(book.pressAgain("consulate-de", false, T0.plusSeconds(5), WINDOW)
                        .orElseThrow()
                        .alertStored())
                .isSameAs(pending);

        book.apply(raise);

        assertThat(book.pressAgain("consulate-de", false, T0.plusSeconds(6), WINDOW)
                        .orElseThrow()
                        .alertStored())
                .isSameAs(Receipt.CONFIRMED);
        assertThat(book.find("consulate-de", alertId).orElseThrow().pressCount())
                .isEqualTo(1);
    }
}
