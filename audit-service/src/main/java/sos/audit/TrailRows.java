package sos.audit;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;
import org.postgresql.copy.CopyManager;
import sos.audit.domain.AlertFacts;
import sos.audit.domain.AuditEntry;
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
            + " kafka_offset, occurred_at, recorded_at, consulate_id, alert_type, drill, district, agencies, unit_ids,"
            + " payload, hash";

    private static final String INSERT_ALERT = "INSERT INTO audit_alert (alert_id, consulate_id, alert_type, drill,"
            + " raised_at, district) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (alert_id) DO NOTHING";

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

    /**
     * Appends batches to the chain: under the advisory lock, drops the events on record (and repeats within the batch),
     * chains the rest after the head and inserts them. Keeps the head of its last committed append in memory and, under
     * the lock, checks with one probe of {@code audit_event_id}'s seq index that it is still the head (no other writer
     * appended since, nothing rolled back); only when it is not is the head read from {@code audit_event}.
     */
    public static final class Appender {

        private final AtomicReference<Chain.Head> committed = new AtomicReference<>();
        private final Set<LocalDate> partitionsEnsured = ConcurrentHashMap.newKeySet();

        /** What an append did: for each entry whether it was new, and the head after it (null when nothing was). */
        public record Appended(List<Boolean> inserted, Chain.Head head) {}

        /** Appends in the caller's transaction; call {@link #committed} once that transaction committed. */
        public Appended append(Connection connection, List<AuditEntry> entries, Instant recordedAt)
                throws SQLException {
            lock(connection);
            LocalDate day = dayOf(recordedAt);
            if (!partitionsEnsured.contains(day)) {
                ensurePartitions(connection, Set.of(day));
            }
            Chain.Head head = head(connection);
            // First as if every event were new: the id table's unique index tells which were on record already (a
            // redelivery), in the same statement that claims the new ones. When some were, that claim is undone and
            // the rest chained again; under the lock the second claim cannot meet another.
            Set<UUID> onRecord = new HashSet<>();
            while (true) {
                List<AuditEntry> fresh = firstOccurrences(entries, onRecord);
                if (fresh.isEmpty()) {
                    return new Appended(newFlags(entries, onRecord), null);
                }
                Chain.Appendix numbered =
                        Chain.number(head.seq(), fresh, alerts(connection, alertIdsOf(fresh)), recordedAt);
                Savepoint beforeClaim = connection.setSavepoint();
                Set<UUID> claimed = claimIds(connection, numbered.rows());
                if (claimed.size() == numbered.rows().size()) {
                    connection.releaseSavepoint(beforeClaim);
                    Chain.Head last = insert(connection, numbered, head.hash());
                    partitionsEnsured.add(day);
                    return new Appended(newFlags(entries, onRecord), last);
                }
                connection.rollback(beforeClaim);
                for (AuditEntry entry : fresh) {
                    if (!claimed.contains(entry.eventId())) {
                        onRecord.add(entry.eventId());
                    }
                }
            }
        }

        private static List<AuditEntry> firstOccurrences(List<AuditEntry> entries, Set<UUID> onRecord) {
            Set<UUID> seen = new HashSet<>(onRecord);
            return entries.stream().filter(e -> seen.add(e.eventId())).toList();
        }

        /** For each entry: whether it goes on record (not on record before, and its first occurrence in the batch). */
        private static List<Boolean> newFlags(List<AuditEntry> entries, Set<UUID> onRecord) {
            Set<UUID> seen = new HashSet<>(onRecord);
            List<Boolean> flags = new ArrayList<>(entries.size());
            for (AuditEntry entry : entries) {
                flags.add(seen.add(entry.eventId()));
            }
            return flags;
        }

        private static Set<UUID> alertIdsOf(List<AuditEntry> entries) {
            Set<UUID> alertIds = new HashSet<>();
            for (AuditEntry entry : entries) {
                if (entry.alertId() != null) {
                    alertIds.add(entry.alertId());
                }
            }
            return alertIds;
        }

        /** The append's transaction committed: its head is the chain's head (unless a later one is known). */
        public void committed(Appended appended) {
            if (appended.head() != null) {
                committed.accumulateAndGet(
                        appended.head(), (known, now) -> known == null || now.seq() > known.seq() ? now : known);
            }
        }

        private Chain.Head head(Connection connection) throws SQLException {
            Chain.Head known = committed.get();
            if (known != null && isHead(connection, known.seq())) {
                return known;
            }
            return TrailRows.head(connection);
        }

        /** Whether seq is on record and nothing after it: the rows with seq at least this one are exactly it. */
        private static boolean isHead(Connection connection, long seq) throws SQLException {
            try (PreparedStatement statement =
                    connection.prepareStatement("SELECT seq FROM audit_event_id WHERE seq >= ? ORDER BY seq LIMIT 2")) {
                statement.setLong(1, seq);
                List<Long> found = new ArrayList<>(2);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        found.add(rows.getLong(1));
                    }
                }
                return seq == 0 ? found.isEmpty() : found.equals(List.of(seq));
            }
        }
    }

    /**
     * Inserts the rows' event ids and seqs unless an event id is on record; answers the ids inserted. One statement,
     * checked by the unique index: no separate lookup.
     */
    static Set<UUID> claimIds(Connection connection, List<AuditRow> rows) throws SQLException {
        UUID[] ids = new UUID[rows.size()];
        Long[] seqs = new Long[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            ids[i] = rows.get(i).eventId();
            seqs[i] = rows.get(i).seq();
        }
        Set<UUID> claimed = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO audit_event_id (event_id, seq) SELECT * FROM unnest(?::uuid[], ?::bigint[])"
                        + " ON CONFLICT (event_id) DO NOTHING RETURNING event_id")) {
            statement.setArray(1, connection.createArrayOf("uuid", ids));
            statement.setArray(2, connection.createArrayOf("bigint", seqs));
            try (ResultSet inserted = statement.executeQuery()) {
                while (inserted.next()) {
                    claimed.add(inserted.getObject(1, UUID.class));
                }
            }
        }
        return claimed;
    }

    public static Map<UUID, AlertFacts> alerts(Connection connection, Set<UUID> alertIds) throws SQLException {
        Map<UUID, AlertFacts> found = new HashMap<>();
        if (alertIds.isEmpty()) {
            return found;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT alert_id, consulate_id, alert_type, drill, raised_at, district FROM audit_alert"
                        + " WHERE alert_id = ANY(?)")) {
            plannedForItsValues(statement);
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
                                    rows.getObject(5, OffsetDateTime.class).toInstant(),
                                    rows.getString(6)));
                }
            }
        }
        return found;
    }

    /**
     * Never a server-side prepared statement: PostgreSQL would switch it to a generic plan after five runs, and the
     * generic plan of {@code = ANY(?)} scans the whole table (measured: 13 to 37 ms instead of 1 ms per batch).
     */
    private static void plannedForItsValues(PreparedStatement statement) throws SQLException {
        statement.unwrap(PGStatement.class).setPrepareThreshold(0);
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

    /**
     * Writes the numbered rows, chained after {@code previousHash}, and the units they name with {@code COPY} (one round
     * trip per table, no per-row statement), and the alerts first seen among them; their ids are in already
     * ({@link #claimIds}). The events are hashed as they are streamed: PostgreSQL stores the first rows while the next
     * ones are hashed. Answers the new head.
     */
    static Chain.Head insert(Connection connection, Chain.Appendix numbered, byte[] previousHash) throws SQLException {
        if (!numbered.newAlerts().isEmpty()) {
            try (PreparedStatement statement = connection.prepareStatement(INSERT_ALERT)) {
                for (AlertFacts alert : numbered.newAlerts()) {
                    statement.setObject(1, alert.alertId());
                    statement.setString(2, alert.consulateId());
                    statement.setString(3, alert.alertType());
                    statement.setBoolean(4, alert.drill());
                    statement.setObject(5, utc(alert.raisedAt()));
                    statement.setString(6, alert.district());
                    statement.addBatch();
                }
                statement.executeBatch();
            }
        }
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        CopyRows units = new CopyRows(numbered.rows().size() * 64);
        for (AuditRow row : numbered.rows()) {
            String recordedAt = row.recordedAt().toString();
            for (String unitId : new LinkedHashSet<>(row.unitIds())) {
                units.value(unitId)
                        .value(Long.toString(row.seq()))
                        .value(recordedAt)
                        .end();
            }
        }
        units.copyInto(copy, "COPY audit_event_unit (unit_id, seq, recorded_at) FROM STDIN");
        byte[] hash = previousHash;
        long seq = 0;
        try (CopyRows.Stream events = CopyRows.stream(copy, "COPY audit_event (" + ROW_COLUMNS + ") FROM STDIN")) {
            for (AuditRow numberedRow : numbered.rows()) {
                AuditRow row = Chain.link(hash, numberedRow);
                hash = row.hash();
                seq = row.seq();
                events.rows()
                        .value(Long.toString(row.seq()))
                        .value(row.eventId().toString())
                        .value(row.eventType())
                        .value(row.alertId() == null ? null : row.alertId().toString())
                        .value(row.aggregateKey())
                        .value(row.topic())
                        .value(Integer.toString(row.partition()))
                        .value(Long.toString(row.offset()))
                        .value(row.occurredAt().toString())
                        .value(row.recordedAt().toString())
                        .value(row.consulateId())
                        .value(row.alertType())
                        .value(row.drill() == null ? null : row.drill() ? "t" : "f")
                        .value(row.district())
                        .value(CopyRows.textArray(row.agencies()))
                        .value(CopyRows.textArray(row.unitIds()))
                        .value(row.payload())
                        .value(CopyRows.bytea(row.hash()))
                        .end();
                events.sendWhenFull();
            }
            events.finish();
        }
        return new Chain.Head(seq, hash);
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
                row.getString("district"),
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

    public static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static LocalDate dayOf(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }
}
