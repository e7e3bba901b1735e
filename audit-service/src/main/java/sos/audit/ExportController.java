package sos.audit;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import sos.audit.domain.AuditTrail;
import sos.audit.domain.EventFilter;
import sos.audit.domain.RecordedEvent;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every event that passes a filter, streamed as it is read from the database (constant memory, any size): NDJSON (one
 * JSON object per line, the fields of {@code /events} entries) or CSV (RFC 4180, a header row, the event's JSON in the
 * last column).
 */
@RestController
@RequestMapping("/api/v1/audit")
class ExportController {

    static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");
    static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AuditTrail trail;
    private final AccessContext access;

    ExportController(AuditTrail trail, AccessContext access) {
        this.trail = trail;
        this.access = access;
    }

    @GetMapping("/export")
    ResponseEntity<StreamingResponseBody> export(
            @RequestParam(defaultValue = "ndjson") String format,
            @RequestParam(required = false) UUID alertId,
            @RequestParam(required = false) String consulateId,
            @RequestParam(required = false) String alertType,
            @RequestParam(required = false) String district,
            @RequestParam(required = false) String agency,
            @RequestParam(required = false) String unitId,
            @RequestParam(required = false) String eventType,
            @RequestParam(required = false) Boolean drill,
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to) {
        EventFilter filter = access.scope(
                new EventFilter(alertId, consulateId, alertType, district, agency, unitId, eventType, drill, from, to));
        return download(trail, filter, format);
    }

    /** Every event that passes the (already scoped) filter, as a streamed download in this format. */
    static ResponseEntity<StreamingResponseBody> download(AuditTrail trail, EventFilter filter, String format) {
        boolean csv = switch (format) {
            case "csv" -> true;
            case "ndjson" -> false;
            default -> throw new sos.audit.domain.InvalidQueryException("format must be ndjson or csv");
        };
        StreamingResponseBody body = out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
            if (csv) {
                writer.write(
                        "seq,eventId,eventType,alertId,aggregateKey,topic,occurredAt,recordedAt,district,event\r\n");
            }
            trail.export(filter, event -> write(writer, event, csv));
            writer.flush();
        };
        return ResponseEntity.ok()
                .contentType(csv ? CSV : NDJSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-events." + format + "\"")
                .body(body);
    }

    private static void write(Writer writer, RecordedEvent event, boolean csv) {
        try {
            EventPageView.Entry entry = EventPageView.Entry.of(event);
            if (csv) {
                writer.write(Long.toString(entry.seq()));
                writer.write(',');
                writer.write(entry.eventId().toString());
                writer.write(',');
                writer.write(csvField(entry.eventType()));
                writer.write(',');
                writer.write(entry.alertId() == null ? "" : entry.alertId().toString());
                writer.write(',');
                writer.write(csvField(entry.aggregateKey()));
                writer.write(',');
                writer.write(csvField(entry.topic()));
                writer.write(',');
                writer.write(entry.occurredAt().toString());
                writer.write(',');
                writer.write(entry.recordedAt().toString());
                writer.write(',');
                writer.write(entry.district() == null ? "" : csvField(entry.district()));
                writer.write(',');
                writer.write(csvField(entry.event()));
                writer.write("\r\n");
            } else {
                writer.write(JSON.writeValueAsString(entry));
                writer.write('\n');
            }
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RFC 4180: quoted when it holds a comma, quote, CR or LF, with quotes doubled. */
    static String csvField(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
