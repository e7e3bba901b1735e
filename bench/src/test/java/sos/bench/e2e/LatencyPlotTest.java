package sos.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyPlotTest {

    private static Measurement measured(String system, int rate, long e2eMs) {
        return new Measurement(
                rate + "/s",
                system,
                rate,
                Join.of(
                        List.of(new Join.Send(0, TimeUnit.MILLISECONDS.toNanos(1), system + rate)),
                        Map.of(system + rate, TimeUnit.MILLISECONDS.toNanos(e2eMs))),
                1,
                1,
                1);
    }

    @Test
    void shouldDrawALineForEverySystemMeasured(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("plot.png");

        LatencyPlot.write(
                List.of(
                        measured(Measurement.PIPELINE, 200, 5),
                        measured(Measurement.PIPELINE, 1000, 40),
                        measured(Measurement.FLOOR, 200, 2),
                        measured(Measurement.FLOOR, 1000, 3)),
                100,
                png);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1000);
        assertThat(image.getHeight()).isEqualTo(620);
        assertThat(pixels(image, 0x1f77b4)).as("pipeline").isGreaterThan(100);
        assertThat(pixels(image, 0x7f7f7f)).as("floor").isGreaterThan(100);
        assertThat(pixels(image, 0xff7f0e)).as("Alertmanager, not measured").isZero();
    }

    private static long pixels(BufferedImage image, int rgb) {
        long n = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                n += (image.getRGB(x, y) & 0xffffff) == rgb ? 1 : 0;
            }
        }
        return n;
    }
}
