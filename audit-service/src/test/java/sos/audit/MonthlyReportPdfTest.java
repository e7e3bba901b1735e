package sos.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import sos.audit.domain.AlertMilestones;
import sos.audit.domain.Fixtures;
import sos.audit.domain.MonthlyReport;

class MonthlyReportPdfTest {

    private static final Instant T0 = Instant.parse("2026-11-03T08:00:00Z");

    @Test
    void shouldRenderAPdfWhoseTextHasTheConsulatesNameAndFigures() throws IOException {
        AlertMilestones fast = alert(30, T0.plusSeconds(3600), "South");
        AlertMilestones slow = alert(90, null, "Keamari");
        MonthlyReport report = new MonthlyReport(
                "consulate-de",
                "Consulate General of Germany",
                YearMonth.of(2026, 11),
                List.of(fast, slow),
                Map.of(AlertMilestones.Step.DISPATCH, Duration.ofSeconds(60)));

        byte[] pdf = MonthlyReportPdf.render(report);

        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        String text = text(pdf);
        assertThat(text).contains("Monthly report: Consulate General of Germany (consulate-de), 2026-11");
        assertThat(text).contains("Live alerts: 2. Drills: 0.");
        // dispatch 30 and 90 s: p50 60, p90 30 + 0.9 * 60 = 84; one of two within 60 s
        assertThat(text).containsPattern("dispatch\\s+2\\s+60\\.0\\s+84\\.0\\s+60\\s+1 of 2");
        assertThat(text).containsPattern("Keamari\\s+1\\s+90\\.0");
        assertThat(text).contains("Unresolved (1)").contains(slow.alertId().toString());
    }

    @Test
    void shouldPutManyAlertsOnMorePagesAndDrawWhatTheFontLacksAsAQuestionMark() throws IOException {
        List<AlertMilestones> alerts = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            alerts.add(alert(10 + i, null, "Malir"));
        }
        MonthlyReport report =
                new MonthlyReport("consulate-pk", "قونصل خانہ Consulate", YearMonth.of(2026, 11), alerts, Map.of());

        byte[] pdf = MonthlyReportPdf.render(report);

        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(document.getNumberOfPages()).isGreaterThan(1);
        }
        assertThat(text(pdf))
                .contains("? Consulate (consulate-pk)")
                .contains(alerts.get(119).alertId().toString());
    }

    private static String text(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }

    private static AlertMilestones alert(int dispatch, Instant resolved, String district) {
        return Fixtures.dispatched(T0, dispatch, resolved, district);
    }
}
