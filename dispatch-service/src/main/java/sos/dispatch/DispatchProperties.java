package sos.dispatch;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import sos.contracts.Agency;
import sos.contracts.AlertType;
import sos.contracts.Severity;
import sos.dispatch.domain.Capability;
import sos.dispatch.domain.DispatchPolicy;
import sos.dispatch.domain.DispatchSettings;
import sos.dispatch.domain.Requirement;
import sos.dispatch.domain.TravelTimes;

/**
 * {@code sos.dispatch.*}: the fleet file, the ops token, travel speeds and the dispatch policy.
 *
 * @param fleetFile {@code classpath:...}, {@code file:...} or a plain file path
 * @param opsToken the Bearer token of the unit/ops API
 * @param ack acknowledgement deadlines per severity and how many units may miss theirs before an alert escalates
 * @param radiusKm units farther than this are not suitable
 * @param maxPositionAge units whose last GPS fix is older are left out of selection
 * @param proposeMargin a moved alert gets a proposal only for a unit at least this much sooner
 * @param restoreTimeout how long reading the topics at start may take
 * @param streamTimeout how long a unit's SSE stream stays open
 * @param unitTokenSecret the secret each unit's token is derived from (HMAC-SHA256 of the unit id); blank: none
 * @param indexCellDegrees the spatial index's cell size in degrees
 * @param unitTokens explicit unit tokens, {@code unitId=token,unitId=token}; they override derived ones
 * @param maxPendingPositions position reports handed to the producer and not yet acknowledged by the broker, at most;
 *     beyond, a report is refused at once with 503 (the unit sends its next fix), so that an overload cannot exhaust
 *     the memory
 * @param gateways the AVL gateways that may send batches of positions, each with the agencies whose units it may
 *     report for: {@code gatewayId=POLICE,gatewayId=RANGERS,gatewayId=POLICE+RANGERS}; empty: none
 * @param gatewayTokenSecret the secret each gateway's token is derived from (HMAC-SHA256 of the gateway id); must be
 *     set when gateways are
 */
@ConfigurationProperties("sos.dispatch")
record DispatchProperties(
        String fleetFile,
        String opsToken,
        double roadFactor,
        Map<Capability, Double> speedKmh,
        Policy policy,
        Acknowledgement ack,
        double radiusKm,
        Duration maxPositionAge,
        Duration proposeMargin,
        Duration restoreTimeout,
        Duration streamTimeout,
        String unitTokenSecret,
        String unitTokens,
        double indexCellDegrees,
        int maxPendingPositions,
        String gateways,
        String gatewayTokenSecret) {

    DispatchProperties {
        if (opsToken == null || opsToken.isBlank()) {
            throw new IllegalArgumentException("sos.dispatch.ops-token (SOS_DISPATCH_OPS_TOKEN) must not be blank");
        }
        if (maxPendingPositions <= 0) {
            throw new IllegalArgumentException(
                    "sos.dispatch.max-pending-positions (SOS_DISPATCH_MAX_PENDING_POSITIONS) must be positive");
        }
    }

    DispatchSettings settings() {
        return new DispatchSettings(
                Map.of(
                        Severity.CRITICAL, ack.critical(),
                        Severity.HIGH, ack.high(),
                        Severity.MEDIUM, ack.medium(),
                        Severity.LOW, ack.low()),
                ack.maxRedispatches(),
                radiusKm,
                maxPositionAge.toSeconds(),
                (int) proposeMargin.toSeconds(),
                indexCellDegrees);
    }

    /** Per severity, how long a unit has to acknowledge; how many may miss before the alert escalates. */
    record Acknowledgement(Duration critical, Duration high, Duration medium, Duration low, int maxRedispatches) {}

    TravelTimes travelTimes() {
        return new TravelTimes(roadFactor, speedKmh);
    }

    DispatchPolicy dispatchPolicy() {
        return policy.toDomain();
    }

    /** Per severity, units of each agency; per alert type, an optional specialist on top. */
    record Policy(
            Rule critical,
            Rule high,
            Rule medium,
            Rule low,
            Map<AlertType, Capability> specialistForType,
            Map<AlertType, Rule> byType,
            Rule drill) {

        DispatchPolicy toDomain() {
            Map<Severity, List<Requirement>> bySeverity = new EnumMap<>(Severity.class);
            bySeverity.put(Severity.CRITICAL, critical.requirements());
            bySeverity.put(Severity.HIGH, high.requirements());
            bySeverity.put(Severity.MEDIUM, medium.requirements());
            bySeverity.put(Severity.LOW, low.requirements());
            Map<AlertType, List<Requirement>> types = new EnumMap<>(AlertType.class);
            if (byType != null) {
                byType.forEach((type, rule) -> types.put(type, rule.requirements()));
            }
            boolean drillSet = drill != null && (drill.police() > 0 || drill.rangers() > 0);
            return new DispatchPolicy(
                    bySeverity,
                    specialistForType == null ? Map.of() : specialistForType,
                    types,
                    drillSet ? drill.requirements() : null);
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
