package sos.dispatch.domain;

/** A unit asked for a status change that its current status does not allow (e.g. ON_SCENE while AVAILABLE). */
public final class IllegalTransitionException extends RuntimeException {

    public IllegalTransitionException(String unitId, UnitStatus from, String to) {
        super("unit " + unitId + " is " + from + " and cannot become " + to + " (allowed from " + from + ": "
                + from.next() + ")");
    }

    public IllegalTransitionException(String message) {
        super(message);
    }
}
