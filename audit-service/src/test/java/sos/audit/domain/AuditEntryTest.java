package sos.audit.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import sos.contracts.Agency;
import sos.contracts.AlertRaised;
import sos.contracts.AlertResolved;
import sos.contracts.UnitsAssigned;
import sos.testsupport.Karachi;

class AuditEntryTest {

    private static final Instant AT = Instant.parse("2026-11-25T09:14:07Z");
    private static final UUID ALERT = UUID.fromString("0195f1a0-7c1e-7d3a-9b1e-3f1c2a4b5c6d");
    private static final EventSource SOURCE = new EventSource("sos.dispatch.assignments", 0, 1);

    @Test
    void shouldNameOnlyTheUnitsSentAndNotTheRankedCandidates() {
        UnitsAssigned.Assignment sent = unit("KHI-PL-CLF-01", Agency.POLICE);
        UnitsAssigned assigned = new UnitsAssigned(
                UUID.randomUUID(),
                AT,
                ALERT,
                UUID.randomUUID(),
                1,
                List.of(sent),
                List.of(sent, unit("KHI-PL-SDR-02", Agency.POLICE), unit("KHI-RG-HQ-07", Agency.RANGERS)));

        AuditEntry entry = AuditEntry.of(assigned, SOURCE);

        assertThat(entry.unitIds()).containsExactly("KHI-PL-CLF-01");
        assertThat(entry.agencies()).containsExactly("POLICE");
    }

    @Test
    void shouldTellAnEscapedNulFromAnEscapedBackslashFollowedByTheTextU0000() {
        AlertResolved withNul =
                new AlertResolved(UUID.randomUUID(), AT, ALERT, "operator\u0000one", "false alarm", List.of());
        AlertResolved withText =
                new AlertResolved(UUID.randomUUID(), AT, ALERT, "operator\\u0000one", "false alarm", List.of());
        AlertResolved withBoth =
                new AlertResolved(UUID.randomUUID(), AT, ALERT, "operator\\\u0000one", "false alarm", List.of());

        assertThat(AuditEntry.of(withNul, SOURCE).holdsEscapedNul()).isTrue();
        assertThat(AuditEntry.of(withText, SOURCE).holdsEscapedNul()).isFalse();
        assertThat(AuditEntry.of(withBoth, SOURCE).holdsEscapedNul()).isTrue();
        assertThat(AuditEntry.of(withNul, SOURCE).payload()).contains("operator\\u0000one");
    }

    @Test
    void shouldNameTheUnitsAResolutionReleased() {
        AlertResolved resolved = new AlertResolved(
                UUID.randomUUID(), AT, ALERT, "operator Khan", "false alarm", List.of("KHI-PL-CLF-01"));

        AuditEntry entry = AuditEntry.of(resolved, SOURCE);

        assertThat(entry.eventType()).isEqualTo("AlertResolved");
        assertThat(entry.alertId()).isEqualTo(ALERT);
        assertThat(entry.unitIds()).containsExactly("KHI-PL-CLF-01");
    }

    @Test
    void shouldTakeTheDistrictFromTheAlertRaisedIntoItsFacts() {
        AlertRaised raised = Fixtures.armedAttack(UUID.randomUUID(), ALERT, AT).withDistrict("South");

        AuditEntry entry = AuditEntry.of(raised, new EventSource("sos.alerts", 0, 1));

        assertThat(entry.district()).isEqualTo("South");
        assertThat(entry.alertFacts().district()).isEqualTo("South");
        assertThat(AuditEntry.of(raised.withDistrict(null), SOURCE).alertFacts().district())
                .isNull();
    }

    private static UnitsAssigned.Assignment unit(String unitId, Agency agency) {
        return new UnitsAssigned.Assignment(
                unitId, "Mobile", agency, "PATROL_CAR", "Boat Basin", Karachi.SADDAR, 2.0, 300);
    }
}
