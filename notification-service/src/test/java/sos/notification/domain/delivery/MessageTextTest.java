package sos.notification.domain.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import sos.contracts.AlertRaised;
import sos.contracts.AlertType;
import sos.contracts.Severity;
import sos.contracts.UnitsAssigned;
import sos.notification.Alerts;
import sos.testsupport.Karachi;

class MessageTextTest {

    private static final UUID ALERT_ID = UUID.fromString("0195f1a0-7c1e-7d3a-9b1e-3f1c2a4b5c6d");

    private static AlertRaised alert(String consulateName, String premises, boolean drill) {
        return new AlertRaised(
                UUID.randomUUID(),
                Alerts.AT,
                ALERT_ID,
                "consulate-de",
                consulateName,
                AlertType.ARMED_ATTACK,
                Severity.CRITICAL,
                Karachi.CLIFTON,
                null,
                premises,
                null,
                drill);
    }

    @Test
    void shouldSayWhatHappenedWhereAndWhichAlertItIs() {
        assertThat(MessageText.of(alert("Consulate General of Germany (demo)", "Chancery, Clifton Block 4", false)))
                .isEqualTo("SOS ARMED_ATTACK (CRITICAL) at Consulate General of Germany (demo), Chancery, Clifton"
                        + " Block 4 (24.8138, 67.0300) — alert 0195f1a0-7c1e-7d3a-9b1e-3f1c2a4b5c6d");
    }

    @Test
    void shouldFallBackToTheConsulateIdAndLeaveOutUnknownPremises() {
        assertThat(MessageText.of(alert(null, null, false)))
                .isEqualTo("SOS ARMED_ATTACK (CRITICAL) at consulate-de (24.8138, 67.0300) — alert " + ALERT_ID);
    }

    @Test
    void shouldMarkDrillsSoThatNobodyTakesThemForALiveAlert() {
        AlertRaised drill = alert("Consulate General of Germany (demo)", null, true);

        assertThat(MessageText.of(drill)).startsWith("[DRILL] SOS ARMED_ATTACK");
        assertThat(MessageText.of(Alerts.assigned(drill), drill)).startsWith("[DRILL] Units assigned");
    }

    @Test
    void shouldListTheAssignedUnitsWithTheirAgencyAndEtaInWholeMinutesRoundedUp() {
        AlertRaised alert = alert("Consulate General of Germany (demo)", "Chancery", false);

        assertThat(MessageText.of(Alerts.assigned(alert), alert))
                .isEqualTo("Units assigned to ARMED_ATTACK at Consulate General of Germany (demo), Chancery: Clifton"
                        + " Mobile 1 (POLICE, ETA 1 min), Rangers QRF 2 (RANGERS, ETA 7 min) — alert " + ALERT_ID);
    }

    @Test
    void shouldNameTheAlertByIdWhenItsDetailsAreNotKnown() {
        assertThat(MessageText.of(Alerts.assigned(ALERT_ID, UUID.randomUUID()), null))
                .isEqualTo("Units assigned to alert " + ALERT_ID
                        + ": Clifton Mobile 1 (POLICE, ETA 1 min), Rangers QRF 2 (RANGERS, ETA 7 min)");
    }

    @Test
    void shouldSayHowManyRequestedUnitsAreMissing() {
        AlertRaised alert = alert("Consulate General of Germany (demo)", null, false);
        UnitsAssigned full = Alerts.assigned(alert);
        UnitsAssigned oneShort =
                new UnitsAssigned(full.eventId(), full.occurredAt(), ALERT_ID, alert.eventId(), 3, full.assignments());
        UnitsAssigned none =
                new UnitsAssigned(full.eventId(), full.occurredAt(), ALERT_ID, alert.eventId(), 2, List.of());

        assertThat(MessageText.of(oneShort, alert)).contains("; 1 of 3 requested units not available — alert");
        assertThat(MessageText.of(none, alert))
                .isEqualTo("No units available for ARMED_ATTACK at Consulate General of Germany (demo) (2 requested)"
                        + " — alert " + ALERT_ID);
    }
}
