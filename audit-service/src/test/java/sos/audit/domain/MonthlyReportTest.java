package sos.audit.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MonthlyReportTest {

    private static final Instant T0 = Instant.parse("2026-11-03T08:00:00Z");

    private final AlertMilestones closedFast = alert(false, 30, 500, T0.plusSeconds(3600));
    private final AlertMilestones openSlow = alert(false, 90, null, null);
    private final AlertMilestones drill = alert(true, 200, 2000, null);
    private final MonthlyReport report = new MonthlyReport(
            "consulate-<de>",
            YearMonth.of(2026, 11),
            List.of(closedFast, openSlow, drill),
            Map.of(
                    AlertMilestones.Step.DISPATCH,
                    Duration.ofSeconds(60),
                    AlertMilestones.Step.ON_SCENE,
                    Duration.ofMinutes(15)));

    @Test
    void shouldCountAlertsAndDrillsApartAndListOpenLiveAlertsAsUnresolved() {
        assertThat(report.live()).isEqualTo(2);
        assertThat(report.drills()).isEqualTo(1);
        assertThat(report.unresolved()).containsExactly(openSlow);
    }

    @Test
    void shouldCompareLiveResponseTimesWithTheTargets() {
        // dispatch: 30 s within 60 s, 90 s not; the drill does not count
        assertThat(report.withinTarget().get(AlertMilestones.Step.DISPATCH)).containsExactly(1, 2);
        assertThat(report.withinTarget().get(AlertMilestones.Step.ON_SCENE)).containsExactly(1, 1);
    }

    @Test
    void shouldRenderHtmlWithEveryValueEscaped() {
        String html = report.html();

        assertThat(html).startsWith("<!DOCTYPE html>");
        assertThat(html).contains("consulate-&lt;de&gt;").doesNotContain("consulate-<de>");
        assertThat(html).contains("<b id=\"live\">2</b>").contains("<b id=\"drills\">1</b>");
        // dispatch p50 of 30 and 90 is 60, p90 is 30 + 0.9 * 60 = 84
        assertThat(html)
                .contains("<tr><td>dispatch</td><td>2</td><td>60.0</td><td>84.0</td><td>60</td><td>1 of 2</td></tr>");
        assertThat(html).contains("<li>" + openSlow.alertId());
    }

    private static AlertMilestones alert(boolean drill, Integer dispatch, Integer onScene, Instant closed) {
        return new AlertMilestones(
                UUID.randomUUID(),
                "consulate-<de>",
                "ARMED_ATTACK",
                drill,
                T0,
                null,
                dispatch == null ? null : T0.plusSeconds(dispatch),
                null,
                onScene == null ? null : T0.plusSeconds(onScene),
                closed);
    }
}
