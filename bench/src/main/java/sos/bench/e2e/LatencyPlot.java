package sos.bench.e2e;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * The PNG: end-to-end p50 (dashed) and p99 (solid) against the rate for each system, latency on a log scale, with the
 * p99 target as a line. Java2D only.
 */
final class LatencyPlot {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 620;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final Map<String, Color> COLORS = Map.of(
            Measurement.PIPELINE, new Color(0x1f77b4),
            Measurement.FLOOR, new Color(0x7f7f7f),
            Measurement.PEER, new Color(0xff7f0e));

    private LatencyPlot() {}

    static void write(List<Measurement> measurements, long limitMs, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));

        int maxRate = measurements.stream().mapToInt(Measurement::rate).max().orElse(1000);
        double step = niceStep(maxRate / 6.0);
        int ticks = (int) Math.ceil(maxRate * 1.05 / step);
        double xMax = step * ticks;
        double maxMs = Math.max(
                limitMs * 2.0,
                measurements.stream()
                        .mapToDouble(m -> Measurement.ms(m.result().endToEnd(), 99))
                        .max()
                        .orElse(1));
        double yLow = -1; // 0.1 ms
        double yHigh = Math.ceil(Math.log10(maxMs));
        Axes axes = new Axes(xMax, yLow, yHigh);

        g.setColor(Color.BLACK);
        g.setFont(g.getFont().deriveFont(Font.BOLD, 15f));
        g.drawString("End-to-end latency: POST -> first notification at the receiver (open loop)", LEFT, 28);
        g.setFont(g.getFont().deriveFont(Font.PLAIN, 12f));
        for (double decade = yLow; decade <= yHigh; decade++) {
            int y = axes.y(Math.pow(10, decade));
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(LEFT, y, WIDTH - RIGHT, y);
            g.setColor(Color.BLACK);
            String label = decade < 0 ? "0.1" : String.format(Locale.ROOT, "%,.0f", Math.pow(10, decade));
            g.drawString(label + " ms", LEFT - 8 - g.getFontMetrics().stringWidth(label + " ms"), y + 4);
        }
        for (int i = 0; i <= ticks; i++) {
            int x = axes.x(i * step);
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(x, TOP, x, HEIGHT - BOTTOM);
            g.setColor(Color.BLACK);
            String label = String.format(Locale.ROOT, "%,.0f", i * step);
            g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, HEIGHT - BOTTOM + 18);
        }
        g.drawString("alerts per second", WIDTH / 2 - 50, HEIGHT - 18);
        g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);

        int target = axes.y(limitMs);
        g.setColor(new Color(0xd62728));
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {2, 4}, 0));
        g.drawLine(LEFT, target, WIDTH - RIGHT, target);
        g.drawString("p99 target " + limitMs + " ms", WIDTH - RIGHT - 120, target - 6);

        int legend = 0;
        for (String system : List.of(Measurement.PIPELINE, Measurement.FLOOR, Measurement.PEER)) {
            TreeMap<Integer, Measurement> byRate = new TreeMap<>();
            measurements.stream().filter(m -> m.system().equals(system)).forEach(m -> byRate.put(m.rate(), m));
            if (byRate.isEmpty()) {
                continue;
            }
            g.setColor(COLORS.get(system));
            line(g, axes, byRate, 99, new BasicStroke(2.2f));
            line(g, axes, byRate, 50, dashed());
            int y = TOP + 18 + legend++ * 18;
            g.setStroke(new BasicStroke(2.2f));
            g.drawLine(LEFT + 12, y - 4, LEFT + 34, y - 4);
            g.setStroke(dashed());
            g.drawLine(LEFT + 40, y - 4, LEFT + 62, y - 4);
            g.drawString(system + "  (solid p99, dashed p50)", LEFT + 70, y);
        }
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static void line(Graphics2D g, Axes axes, TreeMap<Integer, Measurement> byRate, double pct, BasicStroke s) {
        g.setStroke(s);
        Integer previousX = null;
        Integer previousY = null;
        for (Measurement m : byRate.values()) {
            if (m.result().endToEnd().getTotalCount() == 0) {
                continue;
            }
            int x = axes.x(m.rate());
            int y = axes.y(Measurement.ms(m.result().endToEnd(), pct));
            if (previousX != null) {
                g.drawLine(previousX, previousY, x, y);
            }
            g.fillOval(x - 3, y - 3, 7, 7);
            previousX = x;
            previousY = y;
        }
    }

    private static BasicStroke dashed() {
        return new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {7, 5}, 0);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    private static double niceStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(Math.max(1, raw))));
        for (double factor : new double[] {1, 2, 5, 10}) {
            if (factor * power >= raw) {
                return factor * power;
            }
        }
        return 10 * power;
    }

    /** Rates linear, latencies on a log scale (decades {@code yLow} to {@code yHigh}, in ms). */
    private record Axes(double xMax, double yLow, double yHigh) {
        int x(double rate) {
            return LEFT + (int) Math.round(rate / xMax * (WIDTH - LEFT - RIGHT));
        }

        int y(double ms) {
            double decade = Math.log10(Math.max(ms, Math.pow(10, yLow)));
            return HEIGHT - BOTTOM - (int) Math.round((decade - yLow) / (yHigh - yLow) * (HEIGHT - TOP - BOTTOM));
        }
    }
}
