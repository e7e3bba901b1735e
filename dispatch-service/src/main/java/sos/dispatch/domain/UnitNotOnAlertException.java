package sos.dispatch.domain;

/** The unit has no current dispatch. */
public final class UnitNotOnAlertException extends RuntimeException {

    public UnitNotOnAlertException(String unitId) {
        super("unit " + unitId + " has no current dispatch");
    }
}
