package sos.ingest.domain.alert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import sos.contracts.AlertType;
import sos.contracts.GeoPoint;
import sos.contracts.Severity;
import sos.ingest.domain.consulate.Consulate;
import sos.ingest.domain.consulate.Premises;

/**
 * Validates the JSON object of {@code POST /api/v1/alerts} (already parsed into maps, lists, strings, numbers and
 * booleans) for one consulate, and reports every problem at once. Unknown properties are ignored.
 */
public final class AlertValidator {

    public static final int MAX_DESCRIPTION_LENGTH = 2000;
    public static final double MAX_ACCURACY_METERS = 100_000;

    private static final String TYPES = names(AlertType.values());
    private static final String SEVERITIES = names(Severity.values());

    private final ServiceArea serviceArea;

    public AlertValidator(ServiceArea serviceArea) {
        this.serviceArea = serviceArea;
    }

    public AlertValidator() {
        this(ServiceArea.EVERYWHERE);
    }

    /** The body of {@code POST /api/v1/alerts/{id}/locations}: {@code location} and optional {@code accuracyMeters}. */
    public Validation validateLocationUpdate(Map<String, Object> body) {
        List<FieldError> errors = new ArrayList<>();
        GeoPoint location = location(body.get("location"), errors);
        Double accuracy = accuracy(body.get("accuracyMeters"), errors);
        if (!errors.isEmpty()) {
            return new Validation.Invalid(errors);
        }
        return new Validation.Valid(new AlertRequest(null, null, location, accuracy, null, null, false));
    }

    /** Free text other than the description (e.g. a cancel reason), with the same rules. */
    public static String text(Object value, String field, int maxLength, List<FieldError> errors) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        if (text.codePointCount(0, text.length()) > maxLength) {
            errors.add(new FieldError(field, "must be at most " + maxLength + " characters"));
            return null;
        }
        String problem = Text.problemWith(text);
        if (problem != null) {
            errors.add(new FieldError(field, problem));
            return null;
        }
        return text.isBlank() ? null : text;
    }

    public Validation validate(Map<String, Object> body, Consulate consulate) {
        List<FieldError> errors = new ArrayList<>();
        AlertType type = alertType(body.get("type"), errors);
        Severity severity = severity(body.get("severity"), errors);
        GeoPoint location = location(body.get("location"), errors);
        Double accuracy = accuracy(body.get("accuracyMeters"), errors);
        Premises premises = premises(body.get("premisesId"), consulate, errors);
        String description = description(body.get("description"), errors);
        boolean drill = drill(body.get("drill"), errors);
        if (!errors.isEmpty()) {
            return new Validation.Invalid(errors);
        }
        return new Validation.Valid(new AlertRequest(
                type,
                severity == null ? type.defaultSeverity() : severity,
                location,
                accuracy,
                premises,
                description,
                drill));
    }

    private static AlertType alertType(Object value, List<FieldError> errors) {
        if (value == null) {
            errors.add(new FieldError("type", "is required, one of " + TYPES));
            return null;
        }
        if (value instanceof String name) {
            for (AlertType type : AlertType.values()) {
                if (type.name().equals(name)) {
                    return type;
                }
            }
        }
        errors.add(new FieldError("type", "must be one of " + TYPES));
        return null;
    }

    private static Severity severity(Object value, List<FieldError> errors) {
        if (value == null) {
            return null;
        }
        if (value instanceof String name) {
            for (Severity severity : Severity.values()) {
                if (severity.name().equals(name)) {
                    return severity;
                }
            }
        }
        errors.add(new FieldError("severity", "must be one of " + SEVERITIES));
        return null;
    }

    private GeoPoint location(Object value, List<FieldError> errors) {
        if (value == null) {
            errors.add(new FieldError("location", "is required, an object with lat and lon in decimal degrees"));
            return null;
        }
        if (!(value instanceof Map<?, ?> location)) {
            errors.add(new FieldError("location", "must be an object with lat and lon in decimal degrees"));
            return null;
        }
        Double lat = coordinate(location.get("lat"), "location.lat", 90, errors);
        Double lon = coordinate(location.get("lon"), "location.lon", 180, errors);
        if (lat == null || lon == null) {
            return null;
        }
        GeoPoint point = new GeoPoint(lat, lon);
        if (!serviceArea.contains(point)) {
            errors.add(new FieldError(
                    "location",
                    "is outside the service area (" + serviceArea.name() + "); call the local emergency"
                            + " services directly"));
            return null;
        }
        return point;
    }

    private static Double coordinate(Object value, String field, int limit, List<FieldError> errors) {
        if (value == null) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        if (!(value instanceof Number number)) {
            errors.add(new FieldError(field, "must be a number"));
            return null;
        }
        double degrees = number.doubleValue();
        if (!(degrees >= -limit && degrees <= limit)) {
            errors.add(new FieldError(field, "must be within [-" + limit + ", " + limit + "]"));
            return null;
        }
        return degrees;
    }

    private static Double accuracy(Object value, List<FieldError> errors) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number number)) {
            errors.add(new FieldError("accuracyMeters", "must be a number"));
            return null;
        }
        double meters = number.doubleValue();
        if (!(meters >= 0 && meters <= MAX_ACCURACY_METERS)) {
            errors.add(new FieldError("accuracyMeters", "must be within [0, " + (long) MAX_ACCURACY_METERS + "]"));
            return null;
        }
        return meters;
    }

    private static Premises premises(Object value, Consulate consulate, List<FieldError> errors) {
        if (value == null) {
            return null;
        }
        if (value instanceof String id) {
            Premises premises = consulate.premises(id).orElse(null);
            if (premises != null) {
                return premises;
            }
        }
        String known = consulate.premises().stream().map(Premises::id).collect(Collectors.joining(", "));
        errors.add(new FieldError(
                "premisesId",
                known.isEmpty()
                        ? "must be omitted: no premises are registered for " + consulate.id()
                        : "must be one of the consulate's premises: " + known));
        return null;
    }

    private static String description(Object value, List<FieldError> errors) {
        return text(value, "description", MAX_DESCRIPTION_LENGTH, errors);
    }

    private static boolean drill(Object value, List<FieldError> errors) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean drill) {
            return drill;
        }
        errors.add(new FieldError("drill", "must be true or false"));
        return false;
    }

    private static String names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.joining(", "));
    }
}
