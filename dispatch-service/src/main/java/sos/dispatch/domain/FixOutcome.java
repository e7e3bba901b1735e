package sos.dispatch.domain;

import java.util.Locale;

/** What became of one position report of a gateway's batch: applied (and to be published), or refused with a reason. */
public sealed interface FixOutcome {

    /** The unit moved; {@code change.events()} holds the one record to publish. */
    record Applied(UnitChange change) implements FixOutcome {}

    /** Nothing changed and nothing is published. */
    record Refused(Refusal refusal, String detail) implements FixOutcome {}

    /** Why a report was refused; {@link #slug()} is what the API answers. */
    enum Refusal {
        /** Not a report at all: no unit id, coordinates missing or out of range, heading or speed out of range. */
        INVALID_REPORT,
        UNKNOWN_UNIT,
        /** A unit the gateway may not report for (another agency). */
        OUT_OF_SCOPE,
        /** Older than the unit's last known fix (a newer one got there first). */
        OLDER_THAN_LAST_FIX;

        public String slug() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
