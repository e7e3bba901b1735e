package sos.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;
import sos.audit.domain.AuditEntry;
import sos.audit.domain.AuditRow;
import sos.audit.domain.AuditStore;
import sos.audit.domain.Chain;
import sos.audit.domain.EventFilter;
import sos.audit.domain.EventQuery;
import sos.audit.domain.RecordedEvent;

/**
 * The trail in PostgreSQL's {@code audit_event} table (partitioned by month), with {@code audit_event_id} (every event
 * id and seq once) and {@code audit_alert} (what filters know about each alert). Appends hold a transaction-scoped
 * advisory lock, so the chain is extended by one transaction at a time, whichever thread or instance writes.
 */
@Repository
class JdbcAuditStore implements AuditStore {

    private static final String COLUMNS =
            "seq, event_id, event_type, alert_id, aggregate_key, topic, occurred_at, recorded_at, payload, district";

    private static final String SELECTED =
            "e.seq, e.event_id, e.event_type, e.alert_id, e.aggregate_key, e.topic, e.occurred_at, e.recorded_at,"
                    + " e.payload, e.district";

    private static final RowMapper<RecordedEvent> ROW = JdbcAuditStore::toRecordedEvent;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final TrailRows.Appender appender = new TrailRows.Appender();

    JdbcAuditStore(JdbcTemplate jdbc, TransactionTemplate transaction, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
    }

    @Override
    public List<Boolean> append(List<AuditEntry> entries) {
        TrailRows.Appender.Appended appended =
                transaction.execute(status -> jdbc.execute((ConnectionCallback<TrailRows.Appender.Appended>)
                        connection -> appender.append(connection, entries, clock.instant())));
        appender.committed(appended);
        return appended.inserted();
    }

    @Override
    public List<RecordedEvent> eventsOfAlert(UUID alertId) {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM audit_event WHERE alert_id = ? ORDER BY occurred_at, seq", ROW, alertId);
    }

    @Override
    public List<RecordedEvent> find(EventQuery query) {
        List<Object> args = new ArrayList<>();
        String sql =
                select(query.filter(), query.afterSeq(), query.beforeSeq(), query.newestFirst(), query.limit(), args);
        List<RecordedEvent> found = jdbc.query(sql, ROW, args.toArray());
        if (query.newestFirst()) {
            found = new ArrayList<>(found);
            java.util.Collections.reverse(found);
        }
        return found;
    }

    @Override
    public void scan(EventFilter filter, java.util.function.Consumer<RecordedEvent> consumer) {
        List<Object> args = new ArrayList<>();
        String sql = select(filter, null, null, false, null, args);
        transaction.execute(status -> jdbc.execute((ConnectionCallback<Void>) connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setFetchSize(1000);
                for (int i = 0; i < args.size(); i++) {
                    statement.setObject(i + 1, args.get(i));
                }
                try (ResultSet rows = statement.executeQuery()) {
                    int n = 0;
                    while (rows.next()) {
                        consumer.accept(toRecordedEvent(rows, n++));
                    }
                }
            }
            return null;
        }));
    }

    /**
     * The SELECT of the events a filter matches, in seq order, after/before a seq, at most limit (null: all). Each
     * criterion is served by an index ending in seq (V2, V6, V8 migrations); a unit by {@code audit_event_unit}'s
     * primary key {@code (unit_id, seq)}, joined to the event by seq and recorded_at (one partition per row).
     */
    static String select(
            EventFilter filter, Long afterSeq, Long beforeSeq, boolean newestFirst, Integer limit, List<Object> args) {
        boolean byUnit = filter.unitId() != null;
        String seq = byUnit ? "u.seq" : "e.seq";
        StringBuilder sql = new StringBuilder("SELECT ");
        sql.append(SELECTED).append(" FROM ");
        if (byUnit) {
            sql.append("audit_event_unit u JOIN audit_event e ON e.seq = u.seq AND e.recorded_at = u.recorded_at"
                    + " WHERE u.unit_id = ?");
            args.add(filter.unitId());
        } else {
            sql.append("audit_event e WHERE TRUE");
        }
        criterion(sql, args, "e.alert_id = ?", filter.alertId());
        criterion(sql, args, "e.consulate_id = ?", filter.consulateId());
        criterion(sql, args, "e.alert_type = ?", filter.alertType());
        criterion(sql, args, "e.district = ?", filter.district());
        if (filter.agency() != null && isAgency(filter.agency())) {
            // a literal, so that the partial index of that agency (V10) serves it; the name is one of the enum's
            sql.append(" AND e.agencies @> ARRAY['").append(filter.agency()).append("']::text[]");
        } else {
            criterion(sql, args, "e.agencies @> ARRAY[?]::text[]", filter.agency());
        }
        criterion(sql, args, "e.event_type = ?", filter.eventType());
        if (filter.drill() != null) {
            // literal predicates: drills through their partial index (V10), live rows along the primary key
            sql.append(filter.drill() ? " AND e.drill" : " AND NOT e.drill");
        }
        criterion(sql, args, "e.occurred_at >= ?", filter.from() == null ? null : TrailRows.utc(filter.from()));
        criterion(sql, args, "e.occurred_at < ?", filter.to() == null ? null : TrailRows.utc(filter.to()));
        criterion(sql, args, seq + " > ?", afterSeq);
        criterion(sql, args, seq + " < ?", beforeSeq);
        sql.append(" ORDER BY ").append(seq).append(newestFirst ? " DESC" : " ASC");
        if (limit != null) {
            sql.append(" LIMIT ?");
            args.add(limit);
        }
        return sql.toString();
    }

    private static boolean isAgency(String name) {
        for (sos.contracts.Agency agency : sos.contracts.Agency.values()) {
            if (agency.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static void criterion(StringBuilder sql, List<Object> args, String condition, Object value) {
        if (value != null) {
            sql.append(" AND ").append(condition);
            args.add(value);
        }
    }

    @Override
    public void scanChain(long afterSeq, Predicate<AuditRow> consumer) {
        transaction.execute(status -> jdbc.execute((ConnectionCallback<Void>) connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT " + TrailRows.ROW_COLUMNS + " FROM audit_event WHERE seq > ? ORDER BY seq")) {
                statement.setFetchSize(2000);
                statement.setLong(1, afterSeq);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        if (!consumer.test(TrailRows.toRow(rows))) {
                            break;
                        }
                    }
                }
            }
            return null;
        }));
    }

    @Override
    public java.util.Optional<String> consulateOf(UUID alertId) {
        return jdbc
                .queryForList("SELECT consulate_id FROM audit_alert WHERE alert_id = ?", String.class, alertId)
                .stream()
                .findFirst();
    }

    @Override
    public Chain.Head head() {
        return jdbc.execute((ConnectionCallback<Chain.Head>) TrailRows::head);
    }

    @Override
    public boolean isReachable() {
        try {
            return Integer.valueOf(1).equals(jdbc.queryForObject("SELECT 1", Integer.class));
        } catch (RuntimeException unreachable) {
            return false;
        }
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
                row.getString("payload"),
                row.getString("district"));
    }
}
