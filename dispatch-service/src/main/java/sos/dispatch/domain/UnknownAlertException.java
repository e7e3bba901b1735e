package sos.dispatch.domain;

import java.util.UUID;

public final class UnknownAlertException extends RuntimeException {

    public UnknownAlertException(UUID alertId) {
        super("alert " + alertId + " is not known to dispatch");
    }
}
