package sos.dispatch;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import sos.contracts.Agency;
import sos.contracts.AlertType;
import sos.contracts.Severity;
import sos.dispatch.domain.Capability;
import sos.dispatch.domain.DispatchPolicy;
import sos.dispatch.domain.Requirement;
import sos.dispatch.domain.TravelTimes;

/**
 * {@code sos.dispatch.*}: the fleet file, the ops token, travel speeds and the dispatch policy.
 *
 * @param fleetFile {@code classpath:...}, {@code file:...} or a plain file path
 * @param opsToken the Bearer token of the unit/ops API
 */
@ConfigurationProperties("sos.dispatch")
record DispatchProperties(
        String fleetFile, String opsToken, double roadFactor, Map<Capability, Double> speedKmh, Policy policy) {

    DispatchProperties {
        if (opsToken == null || opsToken.isBlank()) {
            throw new IllegalArgumentException("sos.dispatch.ops-token (SOS_DISPATCH_OPS_TOKEN) must not be blank");
        }
    }

    TravelTimes travelTimes() {
        return new TravelTimes(roadFactor, speedKmh);
    }

    DispatchPolicy dispatchPolicy() {
        return policy.toDomain();
    }

    /** Per severity, units of each agency; per alert type, an optional specialist on top. */
    record Policy(Rule critical, Rule high, Rule medium, Rule low, Map<AlertType, Capability> specialistForType) {

        DispatchPolicy toDomain() {
            Map<Severity, List<Requirement>> bySeverity = new EnumMap<>(Severity.class);
            bySeverity.put(Severity.CRITICAL, critical.requirements());
            bySeverity.put(Severity.HIGH, high.requirements());
            bySeverity.put(Severity.MEDIUM, medium.requirements());
            bySeverity.put(Severity.LOW, low.requirements());
            return new DispatchPolicy(bySeverity, specialistForType == null ? Map.of() : specialistForType);
        }
    }

    /**
     * @param policeAtLeastOne a capability one of the police units has, if any such unit is available; empty: none
     */
    record Rule(int police, Capability policeAtLeastOne, int rangers, Capability rangersAtLeastOne) {

        List<Requirement> requirements() {
            return List.of(
                    new Requirement(Agency.POLICE, police, policeAtLeastOne),
                    new Requirement(Agency.RANGERS, rangers, rangersAtLeastOne));
        }
    }
}
