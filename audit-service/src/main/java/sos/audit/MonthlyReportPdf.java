package sos.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import sos.audit.domain.AlertMilestones;
import sos.audit.domain.MonthlyReport;
import sos.audit.domain.ResponseKpis;

/**
 * The monthly report as PDF (Apache PDFBox): the same figures as the HTML, as text lines and columns on A4 pages, in
 * Helvetica, so that the text can be searched and copied. Characters Helvetica cannot draw (outside Windows-1252) are
 * drawn as {@code ?}.
 */
final class MonthlyReportPdf {

    private static final float MARGIN = 50;
    private static final float LEADING = 14;

    private final PDDocument document = new PDDocument();
    private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private PDPageContentStream page;
    private float y;

    private MonthlyReportPdf() {}

    static byte[] render(MonthlyReport report) {
        MonthlyReportPdf pdf = new MonthlyReportPdf();
        try {
            return pdf.write(report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] write(MonthlyReport report) throws IOException {
        try (document) {
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle("SOS monthly report " + report.title() + " " + report.month());
            info.setCreator("sos audit-service");
            newPage();
            line(bold, 16, 0, "Monthly report: " + report.title() + ", " + report.month());
            gap();
            line(bold, 12, 0, "Alerts and drills");
            line(regular, 10, 0, "Live alerts: " + report.live() + ". Drills: " + report.drills() + ".");
            gap();
            line(bold, 12, 0, "Response times (live alerts)");
            columns(
                    bold,
                    new float[] {0, 130, 180, 240, 300, 370},
                    "step",
                    "alerts",
                    "p50 (s)",
                    "p90 (s)",
                    "target (s)",
                    "within target");
            for (MonthlyReport.StepLine step : report.responseTimes()) {
                columns(
                        regular,
                        new float[] {0, 130, 180, 240, 300, 370},
                        step.label(),
                        Long.toString(step.figures().count()),
                        MonthlyReport.seconds(step.figures().p50Seconds()),
                        MonthlyReport.seconds(step.figures().p90Seconds()),
                        step.target() == null ? "" : Long.toString(step.target().toSeconds()),
                        step.target() == null ? "" : step.within() + " of " + step.reached());
            }
            gap();
            line(bold, 12, 0, "By district (live alerts)");
            float[] districtColumns = {0, 130, 180, 290};
            columns(bold, districtColumns, "district", "alerts", "dispatch p50 (s)", "on scene p50 (s)");
            for (ResponseKpis.Group group : report.byDistrict()) {
                columns(
                        regular,
                        districtColumns,
                        group.group(),
                        Long.toString(group.alerts()),
                        MonthlyReport.seconds(
                                group.steps().get(AlertMilestones.Step.DISPATCH).p50Seconds()),
                        MonthlyReport.seconds(
                                group.steps().get(AlertMilestones.Step.ON_SCENE).p50Seconds()));
            }
            gap();
            line(bold, 12, 0, "Unresolved (" + report.unresolved().size() + ")");
            for (AlertMilestones alert : report.unresolved()) {
                line(regular, 9, 0, MonthlyReport.describe(alert));
            }
            gap();
            line(bold, 12, 0, "All alerts (" + report.alerts().size() + ")");
            float[] alertColumns = {0, 205, 290, 345, 375, 455, 495};
            columns(bold, alertColumns, "alert", "type", "district", "drill", "raised", "dispatch", "resolved");
            for (AlertMilestones alert : report.alerts()) {
                columns(
                        regular,
                        alertColumns,
                        alert.alertId().toString(),
                        alert.alertType() == null ? "" : alert.alertType(),
                        alert.district() == null ? "" : alert.district(),
                        alert.drill() ? "drill" : "live",
                        alert.raisedAt()
                                .atOffset(ZoneOffset.UTC)
                                .toLocalDateTime()
                                .withNano(0)
                                .toString(),
                        MonthlyReport.seconds(alert.secondsTo(AlertMilestones.Step.DISPATCH)),
                        alert.resolvedAt() == null ? "no" : "yes");
            }
            page.close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }

    private void newPage() throws IOException {
        if (page != null) {
            page.close();
        }
        PDPage next = new PDPage(PDRectangle.A4);
        document.addPage(next);
        page = new PDPageContentStream(document, next);
        y = next.getMediaBox().getHeight() - MARGIN;
    }

    private void line(PDType1Font font, float size, float x, String text) throws IOException {
        columns(font, size, new float[] {x}, text);
    }

    private void columns(PDType1Font font, float[] xs, String... texts) throws IOException {
        columns(font, 8, xs, texts);
    }

    private void columns(PDType1Font font, float size, float[] xs, String... texts) throws IOException {
        if (y < MARGIN + LEADING) {
            newPage();
        }
        for (int i = 0; i < texts.length; i++) {
            page.beginText();
            page.setFont(font, size);
            page.newLineAtOffset(MARGIN + xs[i], y);
            page.showText(drawable(font, texts[i]));
            page.endText();
        }
        y -= Math.max(LEADING, size + 4);
    }

    private void gap() {
        y -= LEADING / 2;
    }

    /** The text with every character the font cannot encode replaced by {@code ?}. */
    private static String drawable(PDType1Font font, String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            String one = new String(Character.toChars(c));
            out.append(encodable(font, one) ? one : "?");
        });
        return out.toString();
    }

    private static boolean encodable(PDType1Font font, String text) {
        try {
            font.encode(text);
            return true;
        } catch (IOException | IllegalArgumentException notInTheFont) {
            return false;
        }
    }
}
