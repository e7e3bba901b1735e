package sos.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import sos.bench.chaos.Verification.Check;
import sos.bench.chaos.Verification.Decision;
import sos.bench.chaos.Verification.Delivery;
import sos.bench.chaos.Verification.Escalation;
import sos.bench.chaos.Verification.Expected;
import sos.bench.chaos.Verification.Raised;
import sos.bench.chaos.Verification.Report;
import sos.bench.chaos.Verification.Request;

class VerificationTest {

    private static final List<Request> TWO_ACCEPTED = List.of(new Request(0, "a0", "202"), new Request(1, "a1", "202"));
    private static final List<Raised> TWO_RAISED = List.of(new Raised("a0", 0), new Raised("a1", 1));
    private static final List<Decision> TWO_DECIDED =
            List.of(new Decision("a0", "d0", 1, 1), new Decision("a1", "d1", 1, 1));
    private static final List<Expected> ROUTED = List.of(
            new Expected("a0", "AlertRaised", Set.of("police-control-room", "consulate-de-security")),
            new Expected("a1", "AlertRaised", Set.of("police-control-room")));
    private static final List<Delivery> DELIVERED = List.of(
            new Delivery("a0", "AlertRaised", "police-control-room", "x0", 0),
            new Delivery("a0", "AlertRaised", "consulate-de-security", "x1", 0),
            new Delivery("a1", "AlertRaised", "police-control-room", "x2", 0));

    @Test
    void shouldPassWhenEverythingIsThereExactlyOnce() {
        Report report = Verification.verify(TWO_ACCEPTED, TWO_RAISED, TWO_DECIDED, List.of(), ROUTED, DELIVERED);

        assertThat(report.passed()).isTrue();
        assertThat(check(report, "AlertRaised"))
                .extracting(Check::expected, Check::found)
                .containsExactly(2L, 2L);
        assertThat(check(report, "notifications of AlertRaised"))
                .extracting(Check::expected, Check::found)
                .containsExactly(3L, 3L);
    }

    @Test
    void shouldCountAnAcceptedAlertMissingFromTheTrailAsLost() {
        Report report = Verification.verify(
                TWO_ACCEPTED, List.of(new Raised("a0", 0)), TWO_DECIDED, List.of(), ROUTED, DELIVERED);

        assertThat(report.passed()).isFalse();
        assertThat(check(report, "AlertRaised").lost()).isEqualTo(1);
        assertThat(check(report, "AlertRaised").examples()).containsExactly("request 1: no AlertRaised of a1");
    }

    @Test
    void shouldCountASecondAlertForTheSamePressAsDuplicated() {
        // the client's retry of request 1 made a second alert (another id) besides the one whose id it got
        List<Raised> raised = List.of(new Raised("a0", 0), new Raised("a1", 1), new Raised("ghost", 1));

        Report report = Verification.verify(TWO_ACCEPTED, raised, TWO_DECIDED, List.of(), ROUTED, DELIVERED);

        assertThat(check(report, "AlertRaised"))
                .extracting(Check::lost, Check::duplicated)
                .containsExactly(0L, 1L);
        assertThat(report.passed()).isFalse();
    }

    @Test
    void shouldCountTwoAlertsForARequestWithout202AsDuplicatedButOneAsOnlyANote() {
        List<Request> requests = List.of(new Request(0, "a0", "202"), new Request(1, null, "gave up"));
        List<Raised> once = List.of(new Raised("a0", 0), new Raised("b", 1));
        List<Raised> twice = List.of(new Raised("a0", 0), new Raised("b", 1), new Raised("c", 1));

        Report stored = Verification.verify(requests, once, TWO_DECIDED, List.of(), List.of(), List.of());
        Report doubled = Verification.verify(requests, twice, TWO_DECIDED, List.of(), List.of(), List.of());

        assertThat(check(stored, "AlertRaised").duplicated()).isZero();
        assertThat(stored.notes()).anyMatch(note -> note.contains("stored anyway") && note.endsWith(": 1"));
        assertThat(check(doubled, "AlertRaised").duplicated()).isEqualTo(1);
    }

    @Test
    void shouldCountAMissingOrASecondDecisionForAnAlert() {
        List<Decision> decisions = List.of(new Decision("a0", "d0", 1, 1), new Decision("a0", "other", 1, 1));

        Report report = Verification.verify(TWO_ACCEPTED, TWO_RAISED, decisions, List.of(), ROUTED, DELIVERED);

        assertThat(check(report, "dispatch decision"))
                .extracting(Check::expected, Check::found, Check::lost, Check::duplicated)
                .containsExactly(2L, 1L, 1L, 1L);
    }

    @Test
    void shouldWantOneNoUnitEscalationForEveryDecisionThatSentNoUnit() {
        List<Decision> decisions = List.of(new Decision("a0", "d0", 0, 1), new Decision("a1", "d1", 0, 2));
        List<Escalation> escalations = List.of(
                new Escalation("a0", "e0", Verification.NO_UNIT_AVAILABLE),
                new Escalation("a1", "e1", "REDISPATCH_FAILED"));

        Report report = Verification.verify(TWO_ACCEPTED, TWO_RAISED, decisions, escalations, ROUTED, DELIVERED);

        assertThat(check(report, "escalation"))
                .extracting(Check::expected, Check::found, Check::lost)
                .containsExactly(2L, 1L, 1L);
        assertThat(report.notes())
                .contains("dispatch decisions: 0 with every requested unit, 0 with some of them,"
                        + " 2 with no unit free (escalated, see below)");
    }

    @Test
    void shouldCountARecipientThatNeverGotItsNotificationAsLost() {
        Report report =
                Verification.verify(TWO_ACCEPTED, TWO_RAISED, TWO_DECIDED, List.of(), ROUTED, DELIVERED.subList(0, 2));

        assertThat(check(report, "notifications of AlertRaised"))
                .extracting(Check::lost, Check::duplicated)
                .containsExactly(1L, 0L);
        assertThat(check(report, "notifications of AlertRaised").examples())
                .containsExactly("police-control-room never got AlertRaised of a1");
    }

    @Test
    void shouldCountTwoDeliveryIdsForOneRecipientAsDuplicatedButTheSameIdAgainAsARedelivery() {
        List<Delivery> again = new java.util.ArrayList<>(DELIVERED);
        again.add(new Delivery("a1", "AlertRaised", "police-control-room", "x2", 0));
        List<Delivery> twice = new java.util.ArrayList<>(DELIVERED);
        twice.add(new Delivery("a1", "AlertRaised", "police-control-room", "another id", 0));

        Report redelivered = Verification.verify(TWO_ACCEPTED, TWO_RAISED, TWO_DECIDED, List.of(), ROUTED, again);
        Report duplicated = Verification.verify(TWO_ACCEPTED, TWO_RAISED, TWO_DECIDED, List.of(), ROUTED, twice);

        assertThat(redelivered.passed()).isTrue();
        assertThat(redelivered.notes()).anyMatch(note -> note.contains("received again") && note.endsWith(": 1"));
        assertThat(check(duplicated, "notifications of AlertRaised").duplicated())
                .isEqualTo(1);
        assertThat(duplicated.passed()).isFalse();
    }

    @Test
    void shouldNoteButNotCountNotificationsTheRoutingDidNotCallFor() {
        List<Delivery> extra = new java.util.ArrayList<>(DELIVERED);
        extra.add(new Delivery("a1", "AlertRaised", "rangers-ops-room", "x9", 0));

        Report report = Verification.verify(TWO_ACCEPTED, TWO_RAISED, TWO_DECIDED, List.of(), ROUTED, extra);

        assertThat(report.passed()).isTrue();
        assertThat(report.notes()).anyMatch(note -> note.contains("{AlertRaised to rangers-ops-room=1}"));
    }

    private static Check check(Report report, String prefix) {
        return report.checks().stream()
                .filter(c -> c.name().startsWith(prefix))
                .findFirst()
                .orElseThrow();
    }
}
