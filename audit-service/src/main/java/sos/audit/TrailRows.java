package sos.audit;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import sos.audit.domain.AlertFacts;
import sos.audit.domain.AuditRow;
import sos.audit.domain.Chain;

/**
 * The plain-JDBC side of the chained trail, shared by the store and the migration that chains the rows of the first
 * schema version. Every write runs inside the caller's transaction, after {@link #lock}.
 */
public final class TrailRows {

    /** The advisory lock that serializes appends to the chain (any number of writers, one at a time). */
    static final long CHAIN_LOCK = 0x5052_4155_4449_5431L;

    static final String ROW_COLUMNS = "seq, event_id, event_type, alert_id, aggregate_key, topic, kafka_partition,"
            + " kafka_offset, occurred_at, recorded_at, consulate_id, alert_type, drill, agencies, unit_ids, payload,"
            + " hash";

    private static final String INSERT_EVENT =
            "INSERT INTO audit_event (" + ROW_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_ID = "INSERT INTO audit_event_id (event_id, seq) VALUES (?, ?)";
    private static final String INSERT_ALERT = "INSERT INTO audit_alert (alert_id, consulate_id, alert_type, drill,"
            + " raised_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (alert_id) DO NOTHING";

    private TrailRows() {}

    public static void lock(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            statement.setLong(1, CHAIN_LOCK);
            statement.executeQuery().close();
        }
    }

    public static Chain.Head head(Connection connection) throws SQLException {
        try (PreparedStatement statement =
                        connection.prepareStatement("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1");
                ResultSet row = statement.executeQuery()) {
            return row.next() ? new Chain.Head(row.getLong(1), row.getBytes(2)) : Chain.Head.EMPTY;
        }
    }

    /** The event ids among {@code ids} that are on record. */
    public static Set<UUID> recorded(Connection connection, List<UUID> ids) throws SQLException {
        Set<UUID> found = new HashSet<>();
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT event_id FROM audit_event_id WHERE event_id = ANY(?)")) {
            statement.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getObject(1, UUID.class));
                }
            }
        }
        return found;
    }

    public static Map<UUID, AlertFacts> alerts(Connection connection, Set<UUID> alertIds) throws SQLException {
        Map<UUID, AlertFacts> found = new HashMap<>();
        if (alertIds.isEmpty()) {
            return found;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT alert_id, consulate_id, alert_type, drill, raised_at FROM audit_alert WHERE alert_id = ANY(?)")) {
            statement.setArray(1, connection.createArrayOf("uuid", alertIds.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    UUID alertId = rows.getObject(1, UUID.class);
                    found.put(
                            alertId,
                            new AlertFacts(
                                    alertId,
                                    rows.getString(2),
                                    rows.getString(3),
                                    rows.getBoolean(4),
                                    rows.getObject(5, OffsetDateTime.class).toInstant()));
                }
            }
        }
        return found;
    }

    /** Makes sure the month partition of each of these days exists. */
    public static void ensurePartitions(Connection connection, Set<LocalDate> days) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT audit_ensure_partition(?)")) {
            for (LocalDate day : days) {
                statement.setObject(1, day);
                statement.executeQuery().close();
            }
        }
    }

    public static void insert(Connection connection, Chain.Appendix appendix) throws SQLException {
        if (!appendix.newAlerts().isEmpty()) {
            try (PreparedStatement statement = connection.prepareStatement(INSERT_ALERT)) {
                for (AlertFacts alert : appendix.newAlerts()) {
                    statement.setObject(1, alert.alertId());
                    statement.setString(2, alert.consulateId());
                    statement.setString(3, alert.alertType());
                    statement.setBoolean(4, alert.drill());
                    statement.setObject(5, utc(alert.raisedAt()));
                    statement.addBatch();
                }
                statement.executeBatch();
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(INSERT_ID)) {
            for (AuditRow row : appendix.rows()) {
                statement.setObject(1, row.eventId());
                statement.setLong(2, row.seq());
                statement.addBatch();
            }
            statement.executeBatch();
        }
        try (PreparedStatement statement = connection.prepareStatement(INSERT_EVENT)) {
            for (AuditRow row : appendix.rows()) {
                bind(connection, statement, row);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private static void bind(Connection connection, PreparedStatement statement, AuditRow row) throws SQLException {
        statement.setLong(1, row.seq());
        statement.setObject(2, row.eventId());
        statement.setString(3, row.eventType());
        if (row.alertId() == null) {
            statement.setNull(4, Types.OTHER);
        } else {
            statement.setObject(4, row.alertId());
        }
        statement.setString(5, row.aggregateKey());
        statement.setString(6, row.topic());
        statement.setInt(7, row.partition());
        statement.setLong(8, row.offset());
        statement.setObject(9, utc(row.occurredAt()));
        statement.setObject(10, utc(row.recordedAt()));
        statement.setString(11, row.consulateId());
        statement.setString(12, row.alertType());
        if (row.drill() == null) {
            statement.setNull(13, Types.BOOLEAN);
        } else {
            statement.setBoolean(13, row.drill());
        }
        statement.setArray(14, connection.createArrayOf("text", row.agencies().toArray()));
        statement.setArray(15, connection.createArrayOf("text", row.unitIds().toArray()));
        statement.setString(16, row.payload());
        statement.setBytes(17, row.hash());
    }

    /** A row as stored, for verification. */
    static AuditRow toRow(ResultSet row) throws SQLException {
        return new AuditRow(
                row.getLong("seq"),
                row.getObject("event_id", UUID.class),
                row.getString("event_type"),
                row.getObject("alert_id", UUID.class),
                row.getString("aggregate_key"),
                row.getString("topic"),
                row.getInt("kafka_partition"),
                row.getLong("kafka_offset"),
                row.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                row.getObject("recorded_at", OffsetDateTime.class).toInstant(),
                row.getString("consulate_id"),
                row.getString("alert_type"),
                (Boolean) row.getObject("drill"),
                strings(row.getArray("agencies")),
                strings(row.getArray("unit_ids")),
                row.getString("payload"),
                row.getBytes("hash"));
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return new ArrayList<>(Arrays.asList((String[]) array.getArray()));
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static LocalDate dayOf(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }
}
