package sos.audit.domain;

import java.time.Instant;
import java.util.UUID;
import sos.contracts.AlertRaised;
import sos.contracts.AlertType;
import sos.contracts.Severity;
import sos.testsupport.Karachi;

/** Events and milestones the audit tests share. */
public final class Fixtures {

    private Fixtures() {}

    /** A live armed attack on the German consulate at Clifton, without a district. */
    public static AlertRaised armedAttack(UUID eventId, UUID alertId, Instant at) {
        return armedAttack(eventId, alertId, at, "gunfire");
    }

    public static AlertRaised armedAttack(UUID eventId, UUID alertId, Instant at, String description) {
        return new AlertRaised(
                eventId,
                at,
                alertId,
                "consulate-de",
                "Consulate General of Germany (demo)",
                AlertType.ARMED_ATTACK,
                Severity.CRITICAL,
                Karachi.CLIFTON,
                15.0,
                "Chancery, Clifton Block 4",
                description,
                false);
    }

    /** A live armed attack raised at {@code raised}, dispatched after so many seconds, in a district. */
    public static AlertMilestones dispatched(Instant raised, int dispatchSeconds, Instant resolved, String district) {
        return new AlertMilestones(
                UUID.randomUUID(),
                "consulate-de",
                "ARMED_ATTACK",
                false,
                raised,
                null,
                raised.plusSeconds(dispatchSeconds),
                null,
                null,
                resolved,
                district);
    }
}
