package sos.contracts;

/**
 * The state of one police or Rangers unit, on {@link Topics#UNIT_STATE}, keyed by unit id. The topic is compacted: the
 * latest record of a unit is its whole state, so that a dispatch instance rebuilds the fleet by reading it.
 */
public sealed interface UnitEvent extends SosEvent permits UnitStateChanged {

    String unitId();

    @Override
    default String key() {
        return unitId();
    }
}
