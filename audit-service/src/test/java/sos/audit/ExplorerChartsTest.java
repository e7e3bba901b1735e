package sos.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import sos.audit.domain.AlertMilestones;
import sos.audit.domain.ResponseKpis;

class ExplorerChartsTest {

    private static final Instant RAISED = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void shouldScaleEveryBarToTheLongestP90OfTheChart() {
        List<ResponseKpis.Group> groups = ResponseKpis.compute(
                List.of(
                        dispatched("South", 10),
                        dispatched("South", 30),
                        dispatched("East", 80),
                        dispatched("Malir", null)),
                ResponseKpis.GroupBy.DISTRICT);

        ExplorerCharts.BarChart chart = ExplorerCharts.bars("Units dispatched", groups, AlertMilestones.Step.DISPATCH);

        assertThat(chart.bars()).extracting(ExplorerCharts.Bar::label).containsExactly("East", "Malir", "South");
        ExplorerCharts.Bar east = chart.bars().get(0);
        ExplorerCharts.Bar malir = chart.bars().get(1);
        ExplorerCharts.Bar south = chart.bars().get(2);
        assertThat(east.p90Width()).isEqualTo(ExplorerCharts.BAR_AREA);
        // South: p50 20 s, p90 28 s (interpolated) of 80 s
        assertThat(south.p50Width()).isEqualTo(80);
        assertThat(south.p90Width()).isEqualTo(112);
        assertThat(south.p50()).isEqualTo("20.0 s");
        assertThat(south.p90()).isEqualTo("28.0 s");
        assertThat(south.count()).isEqualTo(2);
        assertThat(malir.p50Width()).isZero();
        assertThat(malir.p90()).isEqualTo("-");
        assertThat(chart.bars()).extracting(ExplorerCharts.Bar::y).containsExactly(8, 32, 56);
        assertThat(chart.scale()).isEqualTo("full bar = 80.0 s");
    }

    @Test
    void shouldCountEachAlertInTheBucketOfItsSecondsAndLeaveOutThoseThatNeverGotThere() {
        List<AlertMilestones> alerts = List.of(
                dispatched("South", 5),
                dispatched("South", 10),
                dispatched("South", 29),
                dispatched("South", 45),
                dispatched("South", 3600),
                dispatched("South", null));

        ExplorerCharts.Histogram histogram =
                ExplorerCharts.histogram("Units dispatched", alerts, AlertMilestones.Step.DISPATCH);

        assertThat(histogram.alerts()).isEqualTo(5);
        assertThat(histogram.columns())
                .extracting(ExplorerCharts.Column::label, ExplorerCharts.Column::count)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("<10s", 1L),
                        org.assertj.core.groups.Tuple.tuple("10-30s", 2L),
                        org.assertj.core.groups.Tuple.tuple("30-60s", 1L),
                        org.assertj.core.groups.Tuple.tuple("1-2m", 0L),
                        org.assertj.core.groups.Tuple.tuple("2-5m", 0L),
                        org.assertj.core.groups.Tuple.tuple("5-15m", 0L),
                        org.assertj.core.groups.Tuple.tuple(">15m", 1L));
        // the fullest bucket fills the plot; the others in proportion; an empty one has no height
        assertThat(histogram.columns())
                .extracting(ExplorerCharts.Column::height)
                .containsExactly(60, 120, 60, 0, 0, 0, 60);
    }

    @Test
    void shouldShowSecondsUnderTwoMinutesAndMinutesAbove() {
        assertThat(ExplorerCharts.seconds(null)).isEqualTo("-");
        assertThat(ExplorerCharts.seconds(0.84)).isEqualTo("0.8 s");
        assertThat(ExplorerCharts.seconds(119.9)).isEqualTo("119.9 s");
        assertThat(ExplorerCharts.seconds(420.0)).isEqualTo("7.0 min");
    }

    private static AlertMilestones dispatched(String district, Integer seconds) {
        return new AlertMilestones(
                UUID.randomUUID(),
                "consulate-de",
                "ARMED_ATTACK",
                false,
                RAISED,
                null,
                seconds == null ? null : RAISED.plusSeconds(seconds),
                null,
                null,
                null,
                district);
    }
}
