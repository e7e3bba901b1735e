package sos.testsupport;

import sos.contracts.GeoPoint;

/** Places in Karachi that tests use by name. Coordinates are approximate. */
public final class Karachi {

    public static final GeoPoint CLIFTON = new GeoPoint(24.8138, 67.0300);
    public static final GeoPoint SADDAR = new GeoPoint(24.8556, 67.0271);
    public static final GeoPoint GULSHAN = new GeoPoint(24.9210, 67.0937);
    public static final GeoPoint KORANGI = new GeoPoint(24.8310, 67.1310);
    public static final GeoPoint ORANGI = new GeoPoint(24.9500, 66.9930);
    public static final GeoPoint AIRPORT = new GeoPoint(24.9065, 67.1608);
    /** Outside Karachi division: Hyderabad. */
    public static final GeoPoint HYDERABAD = new GeoPoint(25.3960, 68.3578);

    private Karachi() {}
}
