package sos.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import sos.contracts.AlertRaised;
import sos.contracts.AlertType;
import sos.notification.Alerts;

class RecentAlertsTest {

    @Test
    void shouldForgetTheLeastRecentlyUsedAlertBeyondItsCapacity() {
        RecentAlerts alerts = new RecentAlerts(2);
        AlertRaised first = Alerts.raised("consulate-de", AlertType.FIRE);
        AlertRaised second = Alerts.raised("consulate-jp", AlertType.FIRE);
        AlertRaised third = Alerts.raised("consulate-tr", AlertType.FIRE);

        alerts.remember(first);
        alerts.remember(second);
        alerts.find(first.alertId());
        alerts.remember(third);

        assertThat(alerts.size()).isEqualTo(2);
        assertThat(alerts.find(first.alertId())).isEqualTo(first);
        assertThat(alerts.find(second.alertId())).isNull();
        assertThat(alerts.find(third.alertId())).isEqualTo(third);
    }
}
