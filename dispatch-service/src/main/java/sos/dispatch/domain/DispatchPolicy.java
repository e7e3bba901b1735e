package sos.dispatch.domain;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import sos.contracts.AlertType;
import sos.contracts.Severity;

/**
 * What each alert gets. Per severity: how many units of each agency (e.g. CRITICAL: 2 police, at least one of them a
 * quick response force, and 1 Rangers). Per alert type, optionally, one specialist on top (e.g. BOMB_THREAT: the
 * nearest bomb disposal squad). Specialist capabilities are held back: they never fill a general slot, so that a bomb
 * disposal squad is not sent to a protest. Drills follow the same policy.
 */
public final class DispatchPolicy {

    private final Map<Severity, List<Requirement>> bySeverity;
    private final Map<AlertType, Capability> specialistByType;
    private final Map<AlertType, List<Requirement>> byType = new EnumMap<>(AlertType.class);
    private List<Requirement> drill;

    public DispatchPolicy(Map<Severity, List<Requirement>> bySeverity, Map<AlertType, Capability> specialistByType) {
        this(bySeverity, specialistByType, Map.of(), null);
    }

    /**
     * @param byType rules that replace the severity rule for one alert type (e.g. ARMED_ATTACK: 2 police with a QRF
     *     and a Rangers QRF)
     * @param drill the rule for every drill; null: drills follow the live rules
     */
    public DispatchPolicy(
            Map<Severity, List<Requirement>> bySeverity,
            Map<AlertType, Capability> specialistByType,
            Map<AlertType, List<Requirement>> byType,
            List<Requirement> drill) {
        EnumMap<Severity, List<Requirement>> rules = new EnumMap<>(Severity.class);
        for (Severity severity : Severity.values()) {
            List<Requirement> requirements = bySeverity.get(severity);
            if (requirements == null) {
                throw new IllegalArgumentException("no dispatch rule for severity " + severity);
            }
            rules.put(severity, List.copyOf(requirements));
        }
        this.bySeverity = rules;
        EnumMap<AlertType, Capability> specialists = new EnumMap<>(AlertType.class);
        specialistByType.forEach((type, capability) -> {
            if (type != null && capability != null) {
                specialists.put(type, capability);
            }
        });
        this.specialistByType = specialists;
        byType.forEach((type, requirements) -> this.byType.put(type, List.copyOf(requirements)));
        this.drill = drill == null ? null : List.copyOf(drill);
    }

    /** The rule for an alert: the drill rule for a drill (when set), else the type's rule, else the severity's. */
    public List<Requirement> requirementsFor(AlertType type, Severity severity, boolean isDrill) {
        if (isDrill && drill != null) {
            return drill;
        }
        List<Requirement> forType = type == null ? null : byType.get(type);
        return forType != null ? forType : requirementsFor(severity);
    }

    public List<Requirement> requirementsFor(Severity severity) {
        return bySeverity.get(severity);
    }

    public Optional<Capability> specialistFor(AlertType type) {
        return Optional.ofNullable(specialistByType.get(type));
    }

    /** The capabilities that only go out as specialists. */
    public Set<Capability> specialists() {
        return Set.copyOf(specialistByType.values());
    }

    /** How many units an alert of this severity and type asks for. */
    public int requested(Severity severity, AlertType type) {
        return requested(severity, type, false);
    }

    public int requested(Severity severity, AlertType type, boolean isDrill) {
        int general = requirementsFor(type, severity, isDrill).stream()
                .mapToInt(Requirement::count)
                .sum();
        return general + (specialistFor(type).isPresent() ? 1 : 0);
    }
}
