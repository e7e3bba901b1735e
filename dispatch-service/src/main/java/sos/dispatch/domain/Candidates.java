package sos.dispatch.domain;

import java.util.List;
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

    /**
     * The {@code limit} soonest such units, soonest first (ties by unit id): the ranking a choice comes from. Fewer when
     * there are not that many.
     */
    List<FleetUnit> ranked(
            GeoPoint location, Agency agency, Set<Capability> capabilities, Predicate<FleetUnit> suitable, int limit);

    /** The same candidates, restricted further. */
    default Candidates filtered(Predicate<FleetUnit> also) {
        Candidates all = this;
        return new Candidates() {
            @Override
            public Optional<FleetUnit> soonest(
                    GeoPoint location, Agency agency, Set<Capability> capabilities, Predicate<FleetUnit> suitable) {
                return all.soonest(location, agency, capabilities, suitable.and(also));
            }

            @Override
            public List<FleetUnit> ranked(
                    GeoPoint location,
                    Agency agency,
                    Set<Capability> capabilities,
                    Predicate<FleetUnit> suitable,
                    int limit) {
                return all.ranked(location, agency, capabilities, suitable.and(also), limit);
            }
        };
    }
}
