package sos.ingest.domain.consulate;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A consulate that may raise alerts: its registered premises and the keys it signs requests with. */
public record Consulate(String id, String name, String country, List<Premises> premises, List<ApiKey> keys) {

    public Consulate {
        requireText(id, "consulate id");
        requireText(name, "consulate name of " + id);
        premises = premises == null ? List.of() : List.copyOf(premises);
        keys = keys == null ? List.of() : List.copyOf(keys);
        Set<String> premisesIds = new HashSet<>();
        for (Premises p : premises) {
            if (!premisesIds.add(p.id())) {
                throw new IllegalArgumentException("consulate " + id + " lists premises " + p.id() + " twice");
            }
        }
    }

    public Optional<Premises> premises(String premisesId) {
        return premises.stream().filter(p -> p.id().equals(premisesId)).findFirst();
    }

    static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
