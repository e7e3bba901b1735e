package sos.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;
import sos.audit.domain.AuditEntry;
import sos.audit.domain.AuditStore;
import sos.audit.domain.RecordedEvent;

/** The trail in PostgreSQL's {@code audit_event} table. */
@Repository
class JdbcAuditStore implements AuditStore {

    private static final String INSERT = """
            INSERT INTO audit_event (event_id, event_type, alert_id, aggregate_key, topic, kafka_partition,
                                     kafka_offset, occurred_at, payload)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
            ON CONFLICT (event_id) DO NOTHING
            """;

    private static final String COLUMNS =
            "seq, event_id, event_type, alert_id, aggregate_key, topic, occurred_at, recorded_at, payload::text AS payload";

    private static final RowMapper<RecordedEvent> ROW = JdbcAuditStore::toRecordedEvent;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    JdbcAuditStore(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    @Override
    public List<Boolean> append(List<AuditEntry> entries) {
        int[] counts = transaction.execute(status -> jdbc.batchUpdate(INSERT, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement statement, int i) throws SQLException {
                bind(statement, entries.get(i));
            }

            @Override
            public int getBatchSize() {
                return entries.size();
            }
        }));
        List<Boolean> inserted = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            // 1 = inserted, 0 = already on record; SUCCESS_NO_INFO (-2) only if the driver rewrites batches
            inserted.add(counts == null || counts[i] != 0);
        }
        return inserted;
    }

    @Override
    public List<RecordedEvent> eventsOfAlert(UUID alertId) {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM audit_event WHERE alert_id = ? ORDER BY occurred_at, seq", ROW, alertId);
    }

    @Override
    public List<RecordedEvent> latest(int limit) {
        return jdbc.query(
                "SELECT * FROM (SELECT " + COLUMNS + " FROM audit_event ORDER BY seq DESC LIMIT ?) latest ORDER BY seq",
                ROW,
                limit);
    }

    @Override
    public List<RecordedEvent> after(long afterSeq, int limit) {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM audit_event WHERE seq > ? ORDER BY seq LIMIT ?", ROW, afterSeq, limit);
    }

    @Override
    public boolean isReachable() {
        try {
            return Integer.valueOf(1).equals(jdbc.queryForObject("SELECT 1", Integer.class));
        } catch (RuntimeException unreachable) {
            return false;
        }
    }

    private static void bind(PreparedStatement statement, AuditEntry entry) throws SQLException {
        statement.setObject(1, entry.eventId());
        statement.setString(2, entry.eventType());
        if (entry.alertId() == null) {
            statement.setNull(3, Types.OTHER);
        } else {
            statement.setObject(3, entry.alertId());
        }
        statement.setString(4, entry.aggregateKey());
        statement.setString(5, entry.source().topic());
        statement.setInt(6, entry.source().partition());
        statement.setLong(7, entry.source().offset());
        statement.setObject(8, OffsetDateTime.ofInstant(entry.occurredAt(), ZoneOffset.UTC));
        statement.setString(9, entry.payload());
    }

    private static RecordedEvent toRecordedEvent(ResultSet row, int rowNum) throws SQLException {
        return new RecordedEvent(
                row.getLong("seq"),
                row.getObject("event_id", UUID.class),
                row.getString("event_type"),
                row.getObject("alert_id", UUID.class),
                row.getString("aggregate_key"),
                row.getString("topic"),
                row.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                row.getObject("recorded_at", OffsetDateTime.class).toInstant(),
                row.getString("payload"));
    }
}
