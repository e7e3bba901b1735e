package sos.notification.domain.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sos.contracts.AlertRaised;
import sos.contracts.AlertType;
import sos.contracts.Severity;
import sos.notification.Alerts;

/** The routing of the bundled local file, which is what the local stack runs with. */
class RoutingRulesTest {

    private final RoutingRules rules = load(Map.of());

    private static RoutingRules load(Map<String, String> environment) {
        try (InputStream in = RoutingRulesTest.class.getResourceAsStream("/routing/local.yml")) {
            return new RoutingFileParser(environment::get)
                    .parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "local.yml");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> ids(List<Recipient> recipients) {
        return recipients.stream().map(Recipient::id).toList();
    }

    @Test
    void shouldSendACriticalAlertToBothOpsRoomsTheDistrictAndOnlyTheAlertingConsulate() {
        AlertRaised attack = Alerts.raised("consulate-de", AlertType.ARMED_ATTACK);

        assertThat(ids(rules.recipientsFor(attack)))
                .containsExactly(
                        "police-control-room", "rangers-ops-room", "district-south-ops", "consulate-de-security");
    }

    @Test
    void shouldSendAMediumAlertToThePoliceButNotTheRangers() {
        AlertRaised medical = Alerts.raised("consulate-jp", AlertType.MEDICAL);

        assertThat(ids(rules.recipientsFor(medical)))
                .containsExactly("police-control-room", "district-south-ops", "consulate-jp-security");
    }

    @Test
    void shouldSendAHighAlertToTheRangers() {
        assertThat(ids(rules.recipientsFor(Alerts.raised("consulate-tr", AlertType.INTRUSION, Severity.HIGH, false))))
                .contains("rangers-ops-room");
        assertThat(ids(rules.recipientsFor(Alerts.raised("consulate-tr", AlertType.INTRUSION, Severity.MEDIUM, false))))
                .doesNotContain("rangers-ops-room");
    }

    @Test
    void shouldSendNoConsulateTheAlertsOfAnUnknownConsulate() {
        assertThat(ids(rules.recipientsFor(Alerts.raised("consulate-fr", AlertType.BOMB_THREAT))))
                .containsExactly("police-control-room", "rangers-ops-room", "district-south-ops");
    }

    @Test
    void shouldRouteAnAssignmentByTheSeverityTypeAndConsulateOfItsAlert() {
        AlertRaised medical = Alerts.raised("consulate-jp", AlertType.MEDICAL);
        AlertRaised attack = Alerts.raised("consulate-de", AlertType.ARMED_ATTACK);

        assertThat(ids(rules.recipientsFor(Alerts.assigned(medical), medical)))
                .containsExactly("police-control-room", "district-south-ops", "consulate-jp-security");
        assertThat(ids(rules.recipientsFor(Alerts.assigned(attack), attack)))
                .containsExactly(
                        "police-control-room", "rangers-ops-room", "district-south-ops", "consulate-de-security");
    }

    @Test
    void shouldSendAnAssignmentForAnUnknownAlertToTheControlRoomsOnly() {
        AlertRaised unseen = Alerts.raised("consulate-de", AlertType.ARMED_ATTACK);

        assertThat(ids(rules.recipientsFor(Alerts.assigned(unseen), null))).containsExactly("police-control-room");
    }

    @Test
    void shouldSendNothingToADisabledRecipient() {
        RoutingRules withoutDistrict = load(Map.of("SOS_DISTRICT_SOUTH_OPS_ENABLED", "false"));
        AlertRaised attack = Alerts.raised("consulate-de", AlertType.ARMED_ATTACK);

        assertThat(ids(withoutDistrict.recipientsFor(attack))).doesNotContain("district-south-ops");
        assertThat(ids(withoutDistrict.recipientsFor(Alerts.assigned(attack), attack)))
                .doesNotContain("district-south-ops");
    }

    @Test
    void shouldApplyTheDrillPolicyOfEachRecipient() {
        RecipientFilter live = new RecipientFilter(null, java.util.Set.of(), null, DrillPolicy.EXCLUDE);
        RecipientFilter training = new RecipientFilter(null, java.util.Set.of(), null, DrillPolicy.ONLY);
        AlertRaised drill = Alerts.raised("consulate-de", AlertType.FIRE, Severity.HIGH, true);
        AlertRaised real = Alerts.raised("consulate-de", AlertType.FIRE, Severity.HIGH, false);

        assertThat(live.matches(drill)).isFalse();
        assertThat(live.matches(real)).isTrue();
        assertThat(training.matches(drill)).isTrue();
        assertThat(training.matches(real)).isFalse();
        assertThat(RecipientFilter.EVERYTHING.matches(drill)).isTrue();
    }

    @Test
    void shouldOnlyPassTheListedAlertTypes() {
        RecipientFilter bombSquad =
                new RecipientFilter(null, java.util.Set.of(AlertType.BOMB_THREAT), null, DrillPolicy.INCLUDE);

        assertThat(bombSquad.matches(Alerts.raised("consulate-de", AlertType.BOMB_THREAT)))
                .isTrue();
        assertThat(bombSquad.matches(Alerts.raised("consulate-de", AlertType.ARMED_ATTACK)))
                .isFalse();
    }
}
