package sos.dispatch.domain;

import java.util.List;
import sos.contracts.UnitsAssigned.Assignment;

/**
 * The units chosen for an alert and the ranking they were chosen from.
 *
 * @param assignments the units sent, soonest first
 * @param candidates the ranked candidates, soonest first, with their ETAs (bounded: see
 *     {@link UnitSelector#CANDIDATES_PER_REQUIREMENT}); every unit sent is among them
 */
public record Selection(List<Assignment> assignments, List<Assignment> candidates) {

    public Selection {
        assignments = List.copyOf(assignments);
        candidates = List.copyOf(candidates);
    }
}
