package sos.ingest.domain.alert;

import sos.contracts.AlertType;
import sos.contracts.GeoPoint;
import sos.contracts.Severity;
import sos.ingest.domain.consulate.Premises;

/**
 * A valid alert as the consulate sent it, with defaults applied.
 *
 * @param accuracyMeters may be null
 * @param premises the consulate's registered premises, or null when none was named
 * @param description may be null
 */
public record AlertRequest(
        AlertType type,
        Severity severity,
        GeoPoint location,
        Double accuracyMeters,
        Premises premises,
        String description,
        boolean drill) {}
