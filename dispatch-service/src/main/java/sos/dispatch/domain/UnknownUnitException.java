package sos.dispatch.domain;

public final class UnknownUnitException extends RuntimeException {

    public UnknownUnitException(String unitId) {
        super("no unit " + unitId + " in the fleet");
    }
}
