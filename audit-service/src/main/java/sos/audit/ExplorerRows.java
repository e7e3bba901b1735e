package sos.audit;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import sos.audit.domain.EventPayloads;
import sos.audit.domain.RecordedEvent;
import sos.audit.domain.Timeline;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the explorer's tables show of recorded events. Everything here is plain text: the templates escape it (event
 * text comes from consulates and is treated as hostile).
 */
final class ExplorerRows {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** The fields of an event worth a glance, in the order they are shown. */
    private static final List<String> HEADLINE_FIELDS = List.of(
            "consulateId",
            "type",
            "severity",
            "district",
            "description",
            "reason",
            "change",
            "unitId",
            "status",
            "subjectEventType",
            "recipientId",
            "recipientKind",
            "channel",
            "statusCode");

    private static final int MAX_HEADLINE = 240;

    private ExplorerRows() {}

    record EventRow(
            long seq,
            String occurredAt,
            String eventType,
            UUID alertId,
            String district,
            String aggregateKey,
            String topic,
            String headline) {}

    record TimelineRow(
            long seq, String offset, String occurredAt, String eventType, String topic, String headline, String json) {}

    /** What the alert's {@code AlertRaised} said, when it is on record. */
    record AlertFacts(
            String consulateId,
            String consulateName,
            String type,
            String severity,
            String district,
            boolean drill,
            String premises,
            String description,
            String raisedAt) {}

    static EventRow row(RecordedEvent event) {
        return new EventRow(
                event.seq(),
                time(event.occurredAt()),
                event.eventType(),
                event.alertId(),
                event.district(),
                event.aggregateKey(),
                event.topic(),
                headline(read(event)));
    }

    static List<TimelineRow> rows(Timeline timeline) {
        List<TimelineRow> rows = new ArrayList<>();
        Instant start = timeline.events().get(0).occurredAt();
        for (RecordedEvent event : timeline.events()) {
            JsonNode json = read(event);
            rows.add(new TimelineRow(
                    event.seq(),
                    offset(Duration.between(start, event.occurredAt())),
                    time(event.occurredAt()),
                    event.eventType(),
                    event.topic(),
                    headline(json),
                    json == null
                            ? event.payload()
                            : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json)));
        }
        return rows;
    }

    static AlertFacts facts(Timeline timeline) {
        for (RecordedEvent event : timeline.events()) {
            if ("AlertRaised".equals(event.eventType())) {
                JsonNode json = read(event);
                if (json != null) {
                    return new AlertFacts(
                            text(json, "consulateId"),
                            text(json, "consulateName"),
                            text(json, "type"),
                            text(json, "severity"),
                            text(json, "district"),
                            json.path("drill").asBoolean(false),
                            text(json, "premises"),
                            text(json, "description"),
                            time(event.occurredAt()));
                }
            }
        }
        return null;
    }

    static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    private static String offset(Duration since) {
        double seconds = since.toNanos() / 1e9;
        if (Math.abs(seconds) < 120) {
            return String.format(Locale.ROOT, "%+.1f s", seconds);
        }
        return String.format(Locale.ROOT, "%+.1f min", seconds / 60);
    }

    private static JsonNode read(RecordedEvent event) {
        try {
            return JSON.readTree(EventPayloads.canonical(event.payload()));
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    /** A one-line summary: the known fields present in the event, and the units it names. */
    static String headline(JsonNode json) {
        if (json == null || !json.isObject()) {
            return "";
        }
        StringBuilder line = new StringBuilder();
        for (String field : HEADLINE_FIELDS) {
            JsonNode value = json.get(field);
            if (value != null && value.isValueNode() && !value.isNull()) {
                append(line, field + ": " + value.asString());
            }
        }
        JsonNode units = json.get("assignments");
        if (units != null && units.isArray()) {
            List<String> sent = new ArrayList<>();
            units.forEach(unit -> sent.add(unit.path("unitId").asString("?") + " (ETA "
                    + unit.path("etaSeconds").asInt() + " s)"));
            append(line, "sent: " + String.join(", ", sent));
        }
        return line.length() > MAX_HEADLINE ? line.substring(0, MAX_HEADLINE - 1) + "\u2026" : line.toString();
    }

    private static void append(StringBuilder line, String part) {
        if (!line.isEmpty()) {
            line.append(" \u00b7 ");
        }
        line.append(part);
    }
}
