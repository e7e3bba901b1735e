package sos.audit;

import java.util.UUID;

/** Nothing about this alert is on record. */
class AlertNotFoundException extends RuntimeException {

    AlertNotFoundException(UUID alertId) {
        super("no events of alert " + alertId + " are on record");
    }
}
