package sos.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import sos.audit.domain.AlertMilestones;
import sos.audit.domain.MilestoneStore;

/** Milestones of each alert in one query: {@code audit_alert} joined laterally to its events (timeline index). */
@Repository
class JdbcMilestoneStore implements MilestoneStore {

    private final JdbcTemplate jdbc;
    private final List<String> acceptRecipientKinds;

    JdbcMilestoneStore(JdbcTemplate jdbc, AuditProperties properties) {
        this.jdbc = jdbc;
        this.acceptRecipientKinds = properties.kpi().acceptRecipientKinds();
    }

    @Override
    public List<AlertMilestones> milestones(Instant from, Instant to, Boolean drill, String consulateId) {
        StringBuilder sql = new StringBuilder("""
                SELECT a.alert_id, a.consulate_id, a.alert_type, a.drill, a.raised_at, a.district,
                       m.accepted_at, m.dispatched_at, m.acknowledged_at, m.on_scene_at, m.resolved_at
                FROM audit_alert a
                CROSS JOIN LATERAL (
                    SELECT min(occurred_at) FILTER (WHERE event_type = 'NotificationAcknowledged'
                                                    AND payload::jsonb ->> 'recipientKind' = ANY(?)) AS accepted_at,
                           min(occurred_at) FILTER (WHERE event_type = 'UnitsAssigned'
                                                    AND cardinality(unit_ids) > 0) AS dispatched_at,
                           min(occurred_at) FILTER (WHERE event_type = 'AssignmentUpdated'
                                                    AND payload::jsonb ->> 'change' = 'ACKNOWLEDGED') AS acknowledged_at,
                           min(occurred_at) FILTER (WHERE event_type = 'AssignmentUpdated'
                                                    AND payload::jsonb ->> 'change' = 'ON_SCENE') AS on_scene_at,
                           min(occurred_at) FILTER (WHERE event_type IN ('AlertResolved', 'AlertCancelled'))
                               AS resolved_at
                    FROM audit_event e
                    WHERE e.alert_id = a.alert_id
                ) m
                WHERE a.raised_at >= ? AND a.raised_at < ?
                """);
        List<Object> args = new ArrayList<>();
        args.add(null); // the accepting recipient kinds, bound below
        args.add(TrailRows.utc(from));
        args.add(TrailRows.utc(to));
        if (drill != null) {
            sql.append(" AND a.drill = ?");
            args.add(drill);
        }
        if (consulateId != null) {
            sql.append(" AND a.consulate_id = ?");
            args.add(consulateId);
        }
        sql.append(" ORDER BY a.raised_at, a.alert_id");
        return jdbc.execute((ConnectionCallback<List<AlertMilestones>>) connection -> {
            try (var statement = connection.prepareStatement(sql.toString())) {
                statement.setArray(1, connection.createArrayOf("text", acceptRecipientKinds.toArray()));
                for (int i = 1; i < args.size(); i++) {
                    statement.setObject(i + 1, args.get(i));
                }
                List<AlertMilestones> found = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        found.add(new AlertMilestones(
                                rows.getObject("alert_id", UUID.class),
                                rows.getString("consulate_id"),
                                rows.getString("alert_type"),
                                rows.getBoolean("drill"),
                                instant(rows, "raised_at"),
                                instant(rows, "accepted_at"),
                                instant(rows, "dispatched_at"),
                                instant(rows, "acknowledged_at"),
                                instant(rows, "on_scene_at"),
                                instant(rows, "resolved_at"),
                                rows.getString("district")));
                    }
                }
                return found;
            }
        });
    }

    @Override
    public java.util.Optional<String> consulateName(String consulateId) {
        return jdbc
                .queryForList(
                        "SELECT payload::jsonb ->> 'consulateName' FROM audit_event WHERE consulate_id = ?"
                                + " AND event_type = 'AlertRaised' ORDER BY seq DESC LIMIT 1",
                        String.class,
                        consulateId)
                .stream()
                .filter(java.util.Objects::nonNull)
                .findFirst();
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
