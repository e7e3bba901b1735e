package sos.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
            "seq, event_id, event_type, alert_id, aggregate_key, topic, occurred_at, recorded_at, payload";

    private static final RowMapper<RecordedEvent> ROW = JdbcAuditStore::toRecordedEvent;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Set<LocalDate> partitionsEnsured = ConcurrentHashMap.newKeySet();

    JdbcAuditStore(JdbcTemplate jdbc, TransactionTemplate transaction, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
    }

    @Override
    public List<Boolean> append(List<AuditEntry> entries) {
        return transaction.execute(status -> jdbc.execute((ConnectionCallback<List<Boolean>>) connection -> {
            TrailRows.lock(connection);
            Set<UUID> onRecord = TrailRows.recorded(
                    connection,
                    entries.stream().map(AuditEntry::eventId).distinct().toList());
            List<Boolean> inserted = new ArrayList<>(entries.size());
            List<AuditEntry> fresh = new ArrayList<>(entries.size());
            Set<UUID> alertIds = new HashSet<>();
            for (AuditEntry entry : entries) {
                boolean isNew = onRecord.add(entry.eventId());
                inserted.add(isNew);
                if (isNew) {
                    fresh.add(entry);
                    if (entry.alertId() != null) {
                        alertIds.add(entry.alertId());
                    }
                }
            }
            if (fresh.isEmpty()) {
                return inserted;
            }
            Instant now = clock.instant();
            LocalDate today = TrailRows.dayOf(now);
            if (!partitionsEnsured.contains(today)) {
                TrailRows.ensurePartitions(connection, Set.of(today));
            }
            Chain.Appendix appendix =
                    Chain.append(TrailRows.head(connection), fresh, TrailRows.alerts(connection, alertIds), now);
            TrailRows.insert(connection, appendix);
            partitionsEnsured.add(today);
            return inserted;
        }));
    }

    @Override
    public List<RecordedEvent> eventsOfAlert(UUID alertId) {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM audit_event WHERE alert_id = ? ORDER BY occurred_at, seq", ROW, alertId);
    }

    @Override
    public List<RecordedEvent> find(EventQuery query) {
        List<Object> args = new ArrayList<>();
        StringBuilder where = where(query.filter(), args);
        if (query.afterSeq() != null) {
            where.append(" AND seq > ?");
            args.add(query.afterSeq());
        }
        if (query.beforeSeq() != null) {
            where.append(" AND seq < ?");
            args.add(query.beforeSeq());
        }
        args.add(query.limit());
        String direction = query.newestFirst() ? "DESC" : "ASC";
        List<RecordedEvent> found = jdbc.query(
                "SELECT " + COLUMNS + " FROM audit_event WHERE " + where + " ORDER BY seq " + direction + " LIMIT ?",
                ROW,
                args.toArray());
        if (query.newestFirst()) {
            found = new ArrayList<>(found);
            java.util.Collections.reverse(found);
        }
        return found;
    }

    @Override
    public void scan(EventFilter filter, java.util.function.Consumer<RecordedEvent> consumer) {
        List<Object> args = new ArrayList<>();
        StringBuilder where = where(filter, args);
        transaction.execute(status -> jdbc.execute((ConnectionCallback<Void>) connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM audit_event WHERE " + where + " ORDER BY seq")) {
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

    /** The WHERE clause of a filter; each criterion served by an index (see V2 and V6 migrations). */
    static StringBuilder where(EventFilter filter, List<Object> args) {
        StringBuilder where = new StringBuilder("TRUE");
        if (filter.alertId() != null) {
            where.append(" AND alert_id = ?");
            args.add(filter.alertId());
        }
        if (filter.consulateId() != null) {
            where.append(" AND consulate_id = ?");
            args.add(filter.consulateId());
        }
        if (filter.alertType() != null) {
            where.append(" AND alert_type = ?");
            args.add(filter.alertType());
        }
        if (filter.agency() != null) {
            where.append(" AND agencies @> ARRAY[?]::text[]");
            args.add(filter.agency());
        }
        if (filter.unitId() != null) {
            where.append(" AND unit_ids @> ARRAY[?]::text[]");
            args.add(filter.unitId());
        }
        if (filter.eventType() != null) {
            where.append(" AND event_type = ?");
            args.add(filter.eventType());
        }
        if (filter.drill() != null) {
            where.append(" AND drill = ?");
            args.add(filter.drill());
        }
        if (filter.from() != null) {
            where.append(" AND occurred_at >= ?");
            args.add(TrailRows.utc(filter.from()));
        }
        if (filter.to() != null) {
            where.append(" AND occurred_at < ?");
            args.add(TrailRows.utc(filter.to()));
        }
        return where;
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
                row.getString("payload"));
    }
}
