package sos.notification.domain.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sos.contracts.Agency;
import sos.contracts.AlertRaised;
import sos.contracts.AlertType;
import sos.contracts.Severity;
import sos.contracts.UnitsAssigned;
import sos.notification.Alerts;
import sos.testsupport.Karachi;

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

        assertThat(live.matches(drill, null)).isFalse();
        assertThat(live.matches(real, null)).isTrue();
        assertThat(training.matches(drill, null)).isTrue();
        assertThat(training.matches(real, null)).isFalse();
        assertThat(RecipientFilter.EVERYTHING.matches(drill, null)).isTrue();
    }

    @Test
    void shouldOnlyPassTheListedAlertTypes() {
        RecipientFilter bombSquad =
                new RecipientFilter(null, java.util.Set.of(AlertType.BOMB_THREAT), null, DrillPolicy.INCLUDE);

        assertThat(bombSquad.matches(Alerts.raised("consulate-de", AlertType.BOMB_THREAT), null))
                .isTrue();
        assertThat(bombSquad.matches(Alerts.raised("consulate-de", AlertType.ARMED_ATTACK), null))
                .isFalse();
    }

    @Test
    void shouldTellEveryRecipientOfTheAlertThatItWasCancelled() {
        AlertRaised attack = Alerts.raised("consulate-de", AlertType.ARMED_ATTACK);

        assertThat(ids(rules.recipientsFor(Alerts.cancelled(attack), attack)))
                .containsExactly(
                        "police-control-room", "rangers-ops-room", "district-south-ops", "consulate-de-security");
    }

    @Test
    void shouldTellTheControlRoomAndTheRangersOfADuressButNeverTheConsulate() {
        AlertRaised medical = Alerts.raised("consulate-de", AlertType.MEDICAL); // MEDIUM: the Rangers had no alert

        assertThat(ids(rules.recipientsFor(Alerts.duress(medical), medical)))
                .containsExactly("police-control-room", "rangers-ops-room", "district-south-ops");
        assertThat(ids(rules.duressCoverFor(Alerts.duress(medical), medical))).containsExactly("consulate-de-security");
    }

    @Test
    void shouldTellOnlyTheControlRoomOfARepeatPress() {
        AlertRaised attack = Alerts.raised("consulate-de", AlertType.ARMED_ATTACK);

        assertThat(ids(rules.recipientsFor(Alerts.repeatPressed(attack), attack)))
                .containsExactly("police-control-room");
    }

    @Test
    void shouldTellTheControlRoomAndTheOtherRespondersButNotTheConsulateThatTheAlertMoved() {
        AlertRaised attack = Alerts.raised("consulate-de", AlertType.ARMED_ATTACK);

        assertThat(ids(rules.recipientsFor(Alerts.moved(attack, Karachi.SADDAR), attack)))
                .containsExactly("police-control-room", "rangers-ops-room", "district-south-ops");
    }

    @Test
    void shouldRouteFollowUpsOfAnUnknownAlertToTheControlRoomAndItsOwnConsulateOnly() {
        AlertRaised unseen = Alerts.raised("consulate-jp", AlertType.ARMED_ATTACK);

        assertThat(ids(rules.recipientsFor(Alerts.cancelled(unseen), null)))
                .containsExactly("police-control-room", "consulate-jp-security");
        assertThat(ids(rules.recipientsFor(Alerts.duress(unseen), null)))
                .containsExactly("police-control-room", "rangers-ops-room");
        assertThat(ids(rules.duressCoverFor(Alerts.duress(unseen), null))).containsExactly("consulate-jp-security");
    }

    @Test
    void shouldSendTheDistrictOpsRoomOnlyTheAlertsInItsDistrict() {
        AlertRaised inClifton = Alerts.raisedAt("consulate-de", AlertType.FIRE, Karachi.CLIFTON, false);
        AlertRaised inGulshan = Alerts.raisedAt("consulate-de", AlertType.FIRE, Karachi.GULSHAN, false);

        assertThat(rules.districts().of(Karachi.CLIFTON)).isEqualTo("SOUTH");
        assertThat(rules.districts().of(Karachi.GULSHAN)).isEqualTo("EAST");
        assertThat(rules.districts().of(Karachi.HYDERABAD)).isNull();
        assertThat(ids(rules.recipientsFor(inClifton))).contains("district-south-ops");
        assertThat(ids(rules.recipientsFor(inGulshan))).doesNotContain("district-south-ops");
        assertThat(ids(rules.recipientsFor(Alerts.assigned(inGulshan), inGulshan)))
                .doesNotContain("district-south-ops");
    }

    @Test
    void shouldFallBackToTheControlRoomWhenTheRulesSendALiveAlertToNoControlRoom() {
        RoutingRules rules = new RoutingFileParser(name -> null).parse("""
                        recipients:
                          - id: control-room
                            name: Control room
                            kind: CONTROL_ROOM
                            channel: webhook
                            url: http://127.0.0.1:1/hooks/control-room
                            receives: [ALERT_RAISED]
                            filter: {alertTypes: [ARMED_ATTACK]}
                          - id: everyone-else
                            name: District
                            kind: DISTRICT_OPS
                            channel: webhook
                            url: http://127.0.0.1:1/hooks/district
                            receives: [ALERT_RAISED]
                        """, "gap.yml");
        AlertRaised fire = Alerts.raised("consulate-de", AlertType.FIRE);
        AlertRaised drillFire = Alerts.raised("consulate-de", AlertType.FIRE, Severity.HIGH, true);

        assertThat(ids(rules.recipientsFor(fire))).containsExactly("control-room", "everyone-else");
        assertThat(ids(rules.recipientsFor(drillFire))).containsExactly("everyone-else");
    }

    @Test
    void shouldSendAnAssignmentOnlyToRecipientsOfTheAgenciesItSends() {
        RecipientFilter rangersOnly = new RecipientFilter(
                null,
                java.util.Set.of(),
                null,
                DrillPolicy.INCLUDE,
                java.util.Set.of(),
                java.util.Set.of(Agency.RANGERS));
        AlertRaised attack = Alerts.raised("consulate-de", AlertType.ARMED_ATTACK);
        UnitsAssigned both = Alerts.assigned(attack);
        UnitsAssigned policeOnly = new UnitsAssigned(
                both.eventId(),
                both.occurredAt(),
                both.alertId(),
                both.alertEventId(),
                1,
                both.assignments().subList(0, 1));

        assertThat(rangersOnly.matchesAgencies(both)).isTrue();
        assertThat(rangersOnly.matchesAgencies(policeOnly)).isFalse();
    }
}
