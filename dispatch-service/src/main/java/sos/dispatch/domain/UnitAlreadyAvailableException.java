package sos.dispatch.domain;

public final class UnitAlreadyAvailableException extends RuntimeException {

    public UnitAlreadyAvailableException(String unitId) {
        super("unit " + unitId + " is already available");
    }
}
