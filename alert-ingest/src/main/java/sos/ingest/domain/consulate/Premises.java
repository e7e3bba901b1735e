package sos.ingest.domain.consulate;

import java.util.Objects;
import sos.contracts.GeoPoint;

/** A building of a consulate that alerts can be raised at (chancery, residence, ...). */
public record Premises(String id, String name, String address, GeoPoint location) {

    public Premises {
        Consulate.requireText(id, "premises id");
        Consulate.requireText(name, "premises name");
        Objects.requireNonNull(location, "premises location");
    }

    public Premises(String id, String name, GeoPoint location) {
        this(id, name, null, location);
    }
}
