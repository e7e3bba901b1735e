package sos.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import sos.audit.domain.AlertMilestones;
import sos.audit.domain.ResponseKpis;

/**
 * The KPI page's charts, laid out here (positions and sizes in SVG user units) and drawn by the template as inline
 * SVG: p50/p90 bars per group, and a histogram of the seconds each alert took.
 */
final class ExplorerCharts {

    static final int LABEL_WIDTH = 120;
    static final int BAR_AREA = 320;
    static final int ROW = 24;
    static final int TOP = 8;

    /** Upper bounds of the histogram's buckets, in seconds; the last bucket has none. */
    static final double[] BUCKETS = {10, 30, 60, 120, 300, 900};

    static final String[] BUCKET_LABELS = {"<10s", "10-30s", "30-60s", "1-2m", "2-5m", "5-15m", ">15m"};

    private ExplorerCharts() {}

    /** One group's bar pair: p90 (light, longer) under p50 (dark). Widths are 0 when no alert reached the step. */
    record Bar(String label, long count, String p50, String p90, int y, int p50Width, int p90Width, int textX) {}

    record BarChart(String title, AlertMilestones.Step step, int width, int height, List<Bar> bars, String scale) {

        public int labelWidth() {
            return LABEL_WIDTH;
        }
    }

    record Column(String label, long count, int x, int y, int height) {}

    record Histogram(
            String title, AlertMilestones.Step step, int width, int height, List<Column> columns, long alerts) {}

    static BarChart bars(String title, List<ResponseKpis.Group> groups, AlertMilestones.Step step) {
        double max = 0;
        for (ResponseKpis.Group group : groups) {
            ResponseKpis.Figures figures = group.steps().get(step);
            if (figures.p90Seconds() != null) {
                max = Math.max(max, figures.p90Seconds());
            }
        }
        List<Bar> bars = new ArrayList<>();
        int y = TOP;
        for (ResponseKpis.Group group : groups) {
            ResponseKpis.Figures figures = group.steps().get(step);
            int p50 = width(figures.p50Seconds(), max);
            int p90 = width(figures.p90Seconds(), max);
            bars.add(new Bar(
                    group.group(),
                    figures.count(),
                    seconds(figures.p50Seconds()),
                    seconds(figures.p90Seconds()),
                    y,
                    p50,
                    p90,
                    LABEL_WIDTH + Math.max(p90, p50) + 6));
            y += ROW;
        }
        return new BarChart(
                title, step, LABEL_WIDTH + BAR_AREA + 170, Math.max(y + TOP, 40), bars, "full bar = " + seconds(max));
    }

    static Histogram histogram(String title, List<AlertMilestones> alerts, AlertMilestones.Step step) {
        long[] counts = new long[BUCKETS.length + 1];
        long reached = 0;
        for (AlertMilestones alert : alerts) {
            Double seconds = alert.secondsTo(step);
            if (seconds == null) {
                continue;
            }
            reached++;
            int bucket = 0;
            while (bucket < BUCKETS.length && seconds >= BUCKETS[bucket]) {
                bucket++;
            }
            counts[bucket]++;
        }
        long most = 0;
        for (long count : counts) {
            most = Math.max(most, count);
        }
        int plot = 120;
        int columnWidth = 56;
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            int height = most == 0 ? 0 : (int) Math.round(plot * (double) counts[i] / most);
            columns.add(new Column(
                    BUCKET_LABELS[i], counts[i], 10 + i * (columnWidth + 6), TOP + 16 + plot - height, height));
        }
        return new Histogram(
                title, step, 10 + counts.length * (columnWidth + 6), TOP + 16 + plot + 22, columns, reached);
    }

    private static int width(Double seconds, double max) {
        if (seconds == null || max <= 0) {
            return 0;
        }
        return Math.max(1, (int) Math.round(BAR_AREA * seconds / max));
    }

    static String seconds(Double seconds) {
        if (seconds == null) {
            return "-";
        }
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        return String.format(Locale.ROOT, "%.1f min", seconds / 60);
    }
}
