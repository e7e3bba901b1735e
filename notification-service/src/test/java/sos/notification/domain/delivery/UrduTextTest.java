package sos.notification.domain.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import sos.contracts.AlertRaised;
import sos.contracts.AlertType;
import sos.contracts.UnitsAssigned;
import sos.notification.Alerts;

class UrduTextTest {

    private final AlertRaised attack = Alerts.raised("consulate-de", AlertType.ARMED_ATTACK);

    @Test
    void shouldSayInUrduWhatHappenedWhereWithAMapLinkAndWhichAlert() {
        assertThat(UrduText.of(attack, attack))
                .startsWith("ہنگامی الرٹ: مسلح حملہ (انتہائی سنگین) — Consulate General of Germany (demo)")
                .contains("https://maps.google.com/?q=24.81380,67.03000")
                .endsWith("الرٹ " + attack.alertId());
    }

    @Test
    void shouldTellTheConsulateInUrduThatHelpIsOnTheWayWithUnitsAndEta() {
        assertThat(UrduText.of(Alerts.assigned(attack), attack))
                .startsWith("مدد روانہ ہے: Clifton Mobile 1 (1 منٹ)، Rangers QRF 2 (7 منٹ)");
    }

    @Test
    void shouldTellInUrduThatAUnitIsOnItsWayHasArrivedAndThatTheAlertIsResolved() {
        UnitsAssigned.Assignment unit = Alerts.assigned(attack).assignments().get(0);

        assertThat(UrduText.of(Alerts.unitChanged(attack, unit.unitId(), "EN_ROUTE"), attack, unit))
                .isEqualTo("مدد روانہ ہے: Clifton Mobile 1 (1 منٹ) راستے میں ہے — الرٹ " + attack.alertId());
        assertThat(UrduText.of(Alerts.unitChanged(attack, unit.unitId(), "ON_SCENE"), attack, unit))
                .isEqualTo("مدد پہنچ گئی: Clifton Mobile 1 موقع پر موجود ہے — الرٹ " + attack.alertId());
        assertThat(UrduText.of(Alerts.unitChanged(attack, "KHI-X-1", "ON_SCENE"), attack, null))
                .startsWith("مدد پہنچ گئی: KHI-X-1 ");
        assertThat(UrduText.of(Alerts.resolved(attack), attack))
                .isEqualTo("الرٹ نمٹا دیا گیا (Madadgar 15 duty officer) — الرٹ " + attack.alertId());
    }

    @Test
    void shouldMarkDrillsInUrdu() {
        AlertRaised drill = Alerts.raised("consulate-de", AlertType.FIRE, sos.contracts.Severity.HIGH, true);

        assertThat(UrduText.of(drill, drill)).startsWith("[مشق] ");
    }

    @Test
    void shouldShowACancelAndADuressCoverAlike() {
        var genuine = Alerts.cancelled(attack);
        var cover = new sos.contracts.AlertCancelled(
                java.util.UUID.randomUUID(), genuine.occurredAt(), attack.alertId(), "consulate-de", null, false);

        assertThat(UrduText.of(cover, attack)).isEqualTo(UrduText.of(genuine, attack));
    }

    @Test
    void shouldKeepAShortUrduAlertInFewSmsSegments() {
        String text = UrduText.of(Alerts.cancelled(attack), attack);

        assertThat(SmsText.isGsm7(text)).isFalse();
        assertThat(SmsText.segments(text)).isLessThanOrEqualTo(2);
    }
}
