package sos.dispatch.domain;

import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import sos.contracts.Agency;
import sos.contracts.GeoPoint;

/** Where selection looks for units: the soonest suitable one to a location. */
public interface Candidates {

    /**
     * The unit with the soonest estimated arrival at {@code location} among those of {@code agency} (null: any) and one
     * of {@code capabilities} that satisfy {@code suitable}; ties go to the smaller unit id. Empty when there is none.
     */
    Optional<FleetUnit> soonest(
            GeoPoint location, Agency agency, Set<Capability> capabilities, Predicate<FleetUnit> suitable);

    /** The same candidates, restricted further. */
    default Candidates filtered(Predicate<FleetUnit> also) {
        Candidates all = this;
        return (location, agency, capabilities, suitable) ->
                all.soonest(location, agency, capabilities, suitable.and(also));
    }
}
