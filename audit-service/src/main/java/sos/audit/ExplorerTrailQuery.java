package sos.audit;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.util.UriComponentsBuilder;
import sos.audit.domain.EventFilter;
import sos.audit.domain.InvalidQueryException;

/**
 * The explorer's trail filter form as typed (so a page can show it back as it was, even when a value is wrong), and
 * the {@link EventFilter} it stands for. Times are UTC: an ISO instant or a form's {@code yyyy-MM-ddTHH:mm}.
 */
record ExplorerTrailQuery(
        String alertId,
        String consulateId,
        String alertType,
        String district,
        String agency,
        String unitId,
        String eventType,
        String drill,
        String from,
        String to,
        Long afterSeq,
        Long beforeSeq,
        Integer limit) {

    static final int PAGE_SIZE = 50;

    EventFilter toFilter() {
        return new EventFilter(
                uuid(alertId),
                blankToNull(consulateId),
                blankToNull(alertType),
                blankToNull(district),
                blankToNull(agency),
                blankToNull(unitId),
                blankToNull(eventType),
                drill(drill),
                instant("from", from),
                instant("to", to));
    }

    int pageSize() {
        return limit == null ? PAGE_SIZE : limit;
    }

    /** The filters as typed, without the paging: what the form, the paging links and the exports carry on. */
    Map<String, String> criteria() {
        Map<String, String> criteria = new LinkedHashMap<>();
        criteria.put("alertId", alertId);
        criteria.put("consulateId", consulateId);
        criteria.put("alertType", alertType);
        criteria.put("district", district);
        criteria.put("agency", agency);
        criteria.put("unitId", unitId);
        criteria.put("eventType", eventType);
        criteria.put("drill", drill);
        criteria.put("from", from);
        criteria.put("to", to);
        criteria.values().removeIf(value -> value == null || value.isBlank());
        criteria.replaceAll((name, value) -> value.strip());
        return criteria;
    }

    /** A link to {@code path} with these filters and the extra parameters (null values left out). */
    String link(String path, Map<String, ?> extra) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath(path);
        Map<String, Object> values = new LinkedHashMap<>();
        int i = 0;
        Map<String, Object> all = new LinkedHashMap<>(criteria());
        all.putAll(extra);
        for (Map.Entry<String, Object> parameter : all.entrySet()) {
            if (parameter.getValue() != null) {
                String key = "v" + i++;
                uri.queryParam(parameter.getKey(), "{" + key + "}");
                values.put(key, parameter.getValue().toString());
            }
        }
        return uri.encode().buildAndExpand(values).toUriString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static UUID uuid(String value) {
        String text = blankToNull(value);
        if (text == null) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryException("alert must be an alert id (a UUID)");
        }
    }

    private static Boolean drill(String value) {
        String text = blankToNull(value);
        if (text == null) {
            return null;
        }
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidQueryException("drill must be true, false or empty");
        };
    }

    static Instant instant(String name, String value) {
        String text = blankToNull(value);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new InvalidQueryException(name + " must be a UTC time such as 2026-11-20T10:00");
            }
        }
    }
}
