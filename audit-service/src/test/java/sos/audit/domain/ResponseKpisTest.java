package sos.audit.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ResponseKpisTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @Test
    void shouldInterpolatePercentilesAsPercentileContDoes() {
        // by hand: p50 of 10,20,30,40 sits halfway between 20 and 30; p90 at rank 0.9 * 3 = 2.7: 30 + 0.7 * 10
        List<Double> sorted = List.of(10.0, 20.0, 30.0, 40.0);

        assertThat(ResponseKpis.percentileCont(sorted, 0.5)).isEqualTo(25.0);
        assertThat(ResponseKpis.percentileCont(sorted, 0.9)).isCloseTo(37.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ResponseKpis.percentileCont(List.of(7.0), 0.9)).isEqualTo(7.0);
        assertThat(ResponseKpis.percentileCont(List.of(), 0.5)).isNull();
    }

    @Test
    void shouldGroupByConsulateAndCountOnlyAlertsThatReachedEachStep() {
        List<AlertMilestones> alerts = List.of(
                alert("consulate-de", "ARMED_ATTACK", 5, 10, 40, 600),
                alert("consulate-de", "FIRE", 15, 20, null, null),
                alert("consulate-de", "ARMED_ATTACK", null, 30, 90, 900),
                alert("consulate-fr", "ARMED_ATTACK", 2, 60, 70, 300));

        List<ResponseKpis.Group> groups = ResponseKpis.compute(alerts, ResponseKpis.GroupBy.CONSULATE);

        assertThat(groups).extracting(ResponseKpis.Group::group).containsExactly("consulate-de", "consulate-fr");
        ResponseKpis.Group de = groups.get(0);
        assertThat(de.alerts()).isEqualTo(3);
        // dispatch 10, 20, 30: p50 = 20, p90 at rank 1.8 = 20 + 0.8 * 10 = 28
        assertThat(de.steps().get(AlertMilestones.Step.DISPATCH)).isEqualTo(new ResponseKpis.Figures(3, 20.0, 28.0));
        // accept 5, 15: p50 = 10, p90 at rank 0.9 = 5 + 0.9 * 10 = 14
        assertThat(de.steps().get(AlertMilestones.Step.ACCEPT).count()).isEqualTo(2);
        assertThat(de.steps().get(AlertMilestones.Step.ACCEPT).p50Seconds()).isEqualTo(10.0);
        assertThat(de.steps().get(AlertMilestones.Step.ACCEPT).p90Seconds())
                .isCloseTo(14.0, org.assertj.core.data.Offset.offset(1e-9));
        // acknowledged 40, 90: p50 = 65, p90 = 40 + 0.9 * 50 = 85
        assertThat(de.steps().get(AlertMilestones.Step.UNIT_ACKNOWLEDGEMENT).p50Seconds())
                .isEqualTo(65.0);
        assertThat(de.steps().get(AlertMilestones.Step.UNIT_ACKNOWLEDGEMENT).p90Seconds())
                .isCloseTo(85.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(de.steps().get(AlertMilestones.Step.ON_SCENE)).isEqualTo(new ResponseKpis.Figures(2, 750.0, 870.0));
        assertThat(groups.get(1).steps().get(AlertMilestones.Step.ON_SCENE))
                .isEqualTo(new ResponseKpis.Figures(1, 300.0, 300.0));
    }

    @Test
    void shouldGroupByAlertTypeAndLeaveUnreachedStepsWithoutPercentiles() {
        List<AlertMilestones> alerts = List.of(
                alert("consulate-de", "FIRE", null, null, null, null),
                alert("consulate-fr", "FIRE", null, 12, null, null));

        List<ResponseKpis.Group> groups = ResponseKpis.compute(alerts, ResponseKpis.GroupBy.ALERT_TYPE);

        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).steps().get(AlertMilestones.Step.ON_SCENE))
                .isEqualTo(new ResponseKpis.Figures(0, null, null));
        assertThat(groups.get(0).steps().get(AlertMilestones.Step.DISPATCH))
                .isEqualTo(new ResponseKpis.Figures(1, 12.0, 12.0));
    }

    @Test
    void shouldRefuseAnUnknownGrouping() {
        assertThatThrownBy(() -> ResponseKpis.GroupBy.parse("planet")).isInstanceOf(InvalidQueryException.class);
        assertThat(ResponseKpis.GroupBy.parse("alertType")).isEqualTo(ResponseKpis.GroupBy.ALERT_TYPE);
    }

    @Test
    void shouldGroupByDistrictWithAlertsWithoutOneAsUnknown() {
        List<AlertMilestones> alerts = List.of(
                inDistrict("South", 10), inDistrict("South", 50), inDistrict(null, 7), inDistrict("Korangi", 20));

        List<ResponseKpis.Group> groups = ResponseKpis.compute(alerts, ResponseKpis.GroupBy.DISTRICT);

        assertThat(groups).extracting(ResponseKpis.Group::group).containsExactly("Korangi", "South", "unknown");
        // South: dispatch 10 and 50: p50 = 30, p90 = 10 + 0.9 * 40 = 46
        assertThat(groups.get(1).alerts()).isEqualTo(2);
        assertThat(groups.get(1).steps().get(AlertMilestones.Step.DISPATCH).p50Seconds())
                .isEqualTo(30.0);
        assertThat(groups.get(1).steps().get(AlertMilestones.Step.DISPATCH).p90Seconds())
                .isCloseTo(46.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(groups.get(2).steps().get(AlertMilestones.Step.DISPATCH))
                .isEqualTo(new ResponseKpis.Figures(1, 7.0, 7.0));
        assertThat(ResponseKpis.GroupBy.parse("district")).isEqualTo(ResponseKpis.GroupBy.DISTRICT);
    }

    private static AlertMilestones inDistrict(String district, int dispatch) {
        return Fixtures.dispatched(T0, dispatch, null, district);
    }

    private static AlertMilestones alert(
            String consulate, String type, Integer accept, Integer dispatch, Integer ack, Integer onScene) {
        return new AlertMilestones(
                UUID.randomUUID(), consulate, type, false, T0, at(accept), at(dispatch), at(ack), at(onScene), null);
    }

    private static Instant at(Integer seconds) {
        return seconds == null ? null : T0.plusSeconds(seconds);
    }
}
