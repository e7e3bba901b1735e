package sos.dispatch.domain;

import java.util.Objects;
import sos.contracts.Agency;

/**
 * How many units of one agency an alert gets.
 *
 * @param atLeastOne when not null, one of the units has this capability if any such unit is available (it replaces
 *     the farthest of the nearest {@code count}); null: nearest units regardless of capability
 */
public record Requirement(Agency agency, int count, Capability atLeastOne) {

    public Requirement {
        Objects.requireNonNull(agency, "agency");
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count);
        }
    }
}
