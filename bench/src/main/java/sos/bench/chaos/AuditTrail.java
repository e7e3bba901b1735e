package sos.bench.chaos;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sos.contracts.AlertRaised;
import sos.contracts.AlertResolved;
import sos.contracts.EventJson;
import sos.contracts.UnitsAssigned;
import sos.notification.domain.routing.Recipient;
import sos.notification.domain.routing.RoutingRules;

/**
 * Reads what audit-service stored (table {@code audit_event}, one row per event id) and works out, with
 * notification-service's own routing rules and routing file, who should have been told of each event.
 */
final class AuditTrail {

    /** What the proof needs from the trail. */
    record Contents(
            List<Verification.Raised> raised,
            List<Verification.Decision> decisions,
            List<Verification.Escalation> escalations,
            List<Verification.Expected> expected,
            long resolved) {}

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final Pattern description;

    /** @param runId the run whose alerts carry "#<request number> of run <runId>" in their description */
    AuditTrail(String jdbcUrl, String user, String password, String runId) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.description = Pattern.compile("#(\\d+) of run " + Pattern.quote(runId) + "$");
    }

    static String description(int number, String runId) {
        return "chaos alert #" + number + " of run " + runId;
    }

    long count() throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM audit_event");
                ResultSet rows = s.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** @param accepted the alert ids that got a 202: who should be told is worked out for these */
    Contents read(RoutingRules rules, Set<String> accepted) throws SQLException {
        List<Verification.Raised> raised = new ArrayList<>();
        List<Verification.Decision> decisions = new ArrayList<>();
        List<Verification.Escalation> escalations = new ArrayList<>();
        List<Verification.Expected> expected = new ArrayList<>();
        Map<String, AlertRaised> alerts = new HashMap<>();
        long resolved = 0;
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
            c.setAutoCommit(false); // so that the driver streams the rows (fetch size) instead of loading them all
            try (ResultSet rows = query(c, "AlertRaised")) {
                while (rows.next()) {
                    AlertRaised alert = (AlertRaised) EventJson.fromJson(rows.getString("payload"));
                    String alertId = alert.alertId().toString();
                    raised.add(new Verification.Raised(alertId, requestNumber(alert.description())));
                    if (accepted.contains(alertId)) {
                        alerts.put(alertId, alert);
                        expected.add(
                                new Verification.Expected(alertId, "AlertRaised", ids(rules.recipientsFor(alert))));
                    }
                }
            }
            try (ResultSet rows = query(c, "UnitsAssigned")) {
                while (rows.next()) {
                    UnitsAssigned decision = (UnitsAssigned) EventJson.fromJson(rows.getString("payload"));
                    String alertId = decision.alertId().toString();
                    decisions.add(new Verification.Decision(
                            alertId,
                            decision.eventId().toString(),
                            decision.assignments().size(),
                            decision.requested()));
                    AlertRaised alert = alerts.get(alertId);
                    if (alert != null) {
                        expected.add(new Verification.Expected(
                                alertId, "UnitsAssigned", ids(rules.recipientsFor(decision, alert))));
                    }
                }
            }
            try (ResultSet rows = query(c, "AlertEscalated")) {
                while (rows.next()) {
                    var escalated = (sos.contracts.AlertEscalated) EventJson.fromJson(rows.getString("payload"));
                    escalations.add(new Verification.Escalation(
                            escalated.alertId().toString(), escalated.eventId().toString(), escalated.cause()));
                }
            }
            try (ResultSet rows = query(c, "AlertResolved")) {
                while (rows.next()) {
                    AlertResolved resolution = (AlertResolved) EventJson.fromJson(rows.getString("payload"));
                    AlertRaised alert = alerts.get(resolution.alertId().toString());
                    resolved++;
                    if (alert != null) {
                        expected.add(new Verification.Expected(
                                alert.alertId().toString(),
                                "AlertResolved",
                                ids(rules.progressRecipientsFor(resolution, alert, false))));
                    }
                }
            }
            c.rollback();
        }
        return new Contents(raised, decisions, escalations, expected, resolved);
    }

    private static ResultSet query(Connection c, String eventType) throws SQLException {
        PreparedStatement s = c.prepareStatement("SELECT payload FROM audit_event WHERE event_type = ? ORDER BY seq");
        s.setFetchSize(1000);
        s.setString(1, eventType);
        s.closeOnCompletion();
        return s.executeQuery();
    }

    int requestNumber(String text) {
        if (text == null) {
            return -1;
        }
        Matcher m = description.matcher(text);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static Set<String> ids(List<Recipient> recipients) {
        Set<String> ids = new LinkedHashSet<>();
        recipients.stream().filter(Recipient::enabled).forEach(r -> ids.add(r.id()));
        return ids;
    }
}
