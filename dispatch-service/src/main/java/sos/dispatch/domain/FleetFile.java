package sos.dispatch.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import sos.contracts.Agency;
import sos.contracts.GeoPoint;

/**
 * Reads the fleet file: YAML with a top-level {@code units} list, each entry having {@code unitId}, {@code callSign},
 * {@code agency}, {@code capability}, {@code station}, {@code district} and {@code position: {lat, lon}}. Reports every
 * problem at once.
 */
public final class FleetFile {

    private FleetFile() {}

    public static Fleet parse(String source, String yamlText) {
        Object document;
        try {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(yamlText);
        } catch (YAMLException e) {
            throw new InvalidFleetException(source, List.of("not valid YAML: " + e.getMessage()));
        }
        if (!(document instanceof Map<?, ?> root) || !(root.get("units") instanceof List<?> entries)) {
            throw new InvalidFleetException(source, List.of("expected a top-level 'units' list"));
        }
        List<String> problems = new ArrayList<>();
        List<FleetUnit> units = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = new Entry(i, entries.get(i), problems);
            FleetUnit unit = entry.toUnit();
            if (unit != null) {
                units.add(unit);
            }
        }
        if (!units.isEmpty() || entries.isEmpty()) {
            problems.addAll(Fleet.problemsOf(units));
        }
        if (!problems.isEmpty()) {
            throw new InvalidFleetException(source, problems);
        }
        return Fleet.of(source, units);
    }

    /** One list entry, read field by field; each problem goes to the shared list and the entry yields no unit. */
    private static final class Entry {

        private final Map<?, ?> fields;
        private final List<String> problems;
        private final String where;
        private boolean valid = true;

        Entry(int index, Object raw, List<String> problems) {
            this.fields = raw instanceof Map<?, ?> map ? map : Map.of();
            this.problems = problems;
            Object id = fields.get("unitId");
            this.where = "units[" + index + "]" + (id == null ? "" : " (" + id + ")");
            if (!(raw instanceof Map<?, ?>)) {
                fail("is not a mapping");
            }
        }

        FleetUnit toUnit() {
            if (!valid) {
                return null;
            }
            String unitId = text("unitId");
            String callSign = text("callSign");
            Agency agency = constant("agency", Agency.class);
            Capability capability = constant("capability", Capability.class);
            String station = text("station");
            String district = text("district");
            GeoPoint position = position();
            return valid ? new FleetUnit(unitId, callSign, agency, capability, station, district, position) : null;
        }

        private String text(String name) {
            Object value = fields.get(name);
            if (value == null || value.toString().isBlank()) {
                fail("missing " + name);
                return null;
            }
            return value.toString().trim();
        }

        private <E extends Enum<E>> E constant(String name, Class<E> type) {
            String value = text(name);
            if (value == null) {
                return null;
            }
            try {
                return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                fail(name + " '" + value + "' is not one of " + List.of(type.getEnumConstants()));
                return null;
            }
        }

        private GeoPoint position() {
            if (!(fields.get("position") instanceof Map<?, ?> position)) {
                fail("missing position {lat, lon}");
                return null;
            }
            if (!(position.get("lat") instanceof Number lat) || !(position.get("lon") instanceof Number lon)) {
                fail("position needs numeric lat and lon");
                return null;
            }
            try {
                return new GeoPoint(lat.doubleValue(), lon.doubleValue());
            } catch (IllegalArgumentException e) {
                fail("position " + e.getMessage());
                return null;
            }
        }

        private void fail(String problem) {
            problems.add(where + ": " + problem);
            valid = false;
        }
    }
}
