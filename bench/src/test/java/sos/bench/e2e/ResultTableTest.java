package sos.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ResultTableTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /** {@code count} alerts, each notified {@code e2eMs} and answered {@code postMs} after it was due. */
    private static Measurement measured(String system, int rate, long e2eMs, long postMs, int count) {
        List<Join.Send> sends = new java.util.ArrayList<>();
        Map<String, Long> receipts = new java.util.HashMap<>();
        for (int i = 0; i < count; i++) {
            sends.add(new Join.Send(0, postMs * MS, system + i));
            receipts.put(system + i, e2eMs * MS);
        }
        return new Measurement(
                "1,000/s", system, rate, Join.of(sends, receipts), 2_000, TimeUnit.SECONDS.toNanos(4), 2048 * 1024);
    }

    @Test
    void shouldPutTheThreeSystemsSideBySideWithTheirPercentilesCostAndRatios() {
        String md = ResultTable.markdown(List.of(
                measured(Measurement.PIPELINE, 1000, 12, 3, 1000),
                measured(Measurement.FLOOR, 1000, 4, 1, 1000),
                measured(Measurement.PEER, 1000, 6, 2, 1000)));

        List<String> lines = md.lines().toList();
        assertThat(lines.get(0)).startsWith("| phase | system | rate/s |").contains("e2e p50", "POST p50", "cores");
        assertThat(lines.get(1).chars().filter(c -> c == '|').count())
                .isEqualTo(lines.get(0).chars().filter(c -> c == '|').count());
        // 1,000 alerts, none failed or unnotified; e2e 12 ms at every percentile; POST 3 ms; 2 s of CPU over 1,000
        // alerts is 2,000 µs each, over 4 s half a core; 2 GiB
        assertThat(lines.get(2))
                .isEqualTo("| 1,000/s | SOS pipeline | 1,000 | 1,000 | 0 | 0 |"
                        + " 12.00 | 12.00 | 12.00 | 12.00 | 12.00 | 3.00 | 3.00 | 3.00 | 3.00 | 3.00 |"
                        + " 2000 | 0.50 | 2,048 |");
        assertThat(lines.get(3)).startsWith("| 1,000/s | Kafka floor |");
        assertThat(lines.get(4)).startsWith("| 1,000/s | Alertmanager |");
        assertThat(md).contains("| 1,000/s | 1,000 | 3.00 | 3.00 | 2.00 | 2.00 |");
    }

    @Test
    void shouldShowADashWhereThePeerWasNotMeasured() {
        String md = ResultTable.markdown(
                List.of(measured(Measurement.PIPELINE, 200, 10, 3, 10), measured(Measurement.FLOOR, 200, 5, 1, 10)));

        assertThat(md).contains("| 1,000/s | 200 | 2.00 | 2.00 | - | - |");
        assertThat(md).doesNotContain("Alertmanager |");
    }
}
