package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import sos.audit.TrailRows;
import sos.audit.domain.AlertFacts;
import sos.audit.domain.AuditEntry;
import sos.audit.domain.AuditRow;
import sos.audit.domain.Chain;
import sos.audit.domain.EventSource;
import sos.contracts.EventJson;
import sos.contracts.SosEvent;

/**
 * Copies the events recorded under the first schema ({@code audit_event_v1}) into the chained, partitioned trail, in
 * their recorded order, numbered 1, 2, 3 ... and chained; each keeps its recorded time. Then drops the old table.
 */
public class V3__chain_first_version_events extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        TrailRows.lock(connection);
        Chain.Head head = TrailRows.head(connection);
        Map<UUID, AlertFacts> alerts = new HashMap<>();
        Set<LocalDate> months = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT event_id, event_type, alert_id, aggregate_key, topic, kafka_partition, kafka_offset,"
                                + " occurred_at, recorded_at, payload::text AS payload FROM audit_event_v1 ORDER BY seq");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                Instant recordedAt =
                        rows.getObject("recorded_at", OffsetDateTime.class).toInstant();
                AuditEntry entry = entryOf(rows);
                LocalDate month = LocalDate.ofInstant(recordedAt, java.time.ZoneOffset.UTC)
                        .withDayOfMonth(1);
                if (months.add(month)) {
                    TrailRows.ensurePartitions(connection, Set.of(month));
                }
                Chain.Appendix appendix = Chain.append(head, List.of(entry), alerts, recordedAt);
                for (AlertFacts alert : appendix.newAlerts()) {
                    alerts.put(alert.alertId(), alert);
                }
                insert(connection, appendix);
                head = new Chain.Head(
                        appendix.rows().get(0).seq(), appendix.rows().get(0).hash());
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE audit_event_v1");
        }
    }

    private static AuditEntry entryOf(ResultSet row) throws Exception {
        EventSource source =
                new EventSource(row.getString("topic"), row.getInt("kafka_partition"), row.getLong("kafka_offset"));
        String payload = row.getString("payload");
        try {
            SosEvent event = EventJson.fromJson(payload);
            return AuditEntry.of(event, source, payload);
        } catch (RuntimeException notAnEventOfThisVersion) {
            return new AuditEntry(
                    row.getObject("event_id", UUID.class),
                    row.getString("event_type"),
                    row.getObject("alert_id", UUID.class),
                    row.getString("aggregate_key"),
                    row.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                    source,
                    payload);
        }
    }

    /**
     * Inserts the rows as the schema of this migration holds them (V2: no district, no unit table); frozen here so that
     * later changes of {@link TrailRows} do not change what this migration does.
     */
    private static void insert(Connection connection, Chain.Appendix appendix) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO audit_alert (alert_id, consulate_id, alert_type, drill, raised_at)"
                        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (alert_id) DO NOTHING")) {
            for (AlertFacts alert : appendix.newAlerts()) {
                statement.setObject(1, alert.alertId());
                statement.setString(2, alert.consulateId());
                statement.setString(3, alert.alertType());
                statement.setBoolean(4, alert.drill());
                statement.setObject(5, TrailRows.utc(alert.raisedAt()));
                statement.executeUpdate();
            }
        }
        try (PreparedStatement ids =
                        connection.prepareStatement("INSERT INTO audit_event_id (event_id, seq) VALUES (?, ?)");
                PreparedStatement events = connection.prepareStatement("INSERT INTO audit_event (seq, event_id,"
                        + " event_type, alert_id, aggregate_key, topic, kafka_partition, kafka_offset, occurred_at,"
                        + " recorded_at, consulate_id, alert_type, drill, agencies, unit_ids, payload, hash)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (AuditRow row : appendix.rows()) {
                ids.setObject(1, row.eventId());
                ids.setLong(2, row.seq());
                ids.executeUpdate();
                events.setLong(1, row.seq());
                events.setObject(2, row.eventId());
                events.setString(3, row.eventType());
                events.setObject(4, row.alertId(), Types.OTHER);
                events.setString(5, row.aggregateKey());
                events.setString(6, row.topic());
                events.setInt(7, row.partition());
                events.setLong(8, row.offset());
                events.setObject(9, TrailRows.utc(row.occurredAt()));
                events.setObject(10, TrailRows.utc(row.recordedAt()));
                events.setString(11, row.consulateId());
                events.setString(12, row.alertType());
                events.setObject(13, row.drill(), Types.BOOLEAN);
                events.setArray(
                        14, connection.createArrayOf("text", row.agencies().toArray()));
                events.setArray(
                        15, connection.createArrayOf("text", row.unitIds().toArray()));
                events.setString(16, row.payload());
                events.setBytes(17, row.hash());
                events.executeUpdate();
            }
        }
    }
}
