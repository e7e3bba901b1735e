package sos.bench.audit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;
import org.flywaydb.core.Flyway;
import sos.audit.TrailRows;
import sos.audit.domain.AuditEntry;
import sos.audit.domain.EventSource;
import sos.contracts.Agency;
import sos.contracts.AlertRaised;
import sos.contracts.AlertType;
import sos.contracts.GeoPoint;
import sos.contracts.Severity;
import sos.contracts.UnitsAssigned;

/**
 * audit-service's store against a real PostgreSQL (zonky embedded, its own data directory, default settings):
 *
 * <ol>
 *   <li>sustained insert rate of the chained append, through the very code {@code JdbcAuditStore} runs
 *       ({@code TrailRows.Appender}: advisory lock, dedupe by event id, head kept in memory and checked, {@code
 *       Chain.append}, COPY into {@code audit_event_id}, {@code audit_event_unit}, {@code audit_event}), batches of
 *       500 in one transaction each, events shaped as now produced (districts, ranked candidates),
 *       against a same-run baseline: plain JDBC batch insert of the same rows into an unpartitioned table without
 *       chain, id table or checks;
 *   <li>a large table: the chained rows plus bulk rows generated in SQL (same shape, same indexes, hash not chained:
 *       the chain is not read by these queries);
 *   <li>query latency (HdrHistogram, each query run sequentially): the per-alert timeline, and the filters with keyset
 *       pagination that the API runs (consulate, event type, unit through {@code audit_event_unit}, district,
 *       consulate + time range), 100 rows per page; then the plans of the consulate page and the unit filter.
 * </ol>
 *
 * <pre>./run-bench audit-store [--chained 200000] [--rows 10000000] [--queries 2000] [--candidates 3] [--batch 500]
 *     [--data-dir DIR]</pre>
 */
public final class AuditStoreBench {

    /** Events per transaction, as audit-service takes them per poll ({@code SOS_AUDIT_MAX_POLL_RECORDS}). */
    private static int BATCH = 500;

    private static final String[] CONSULATES = {
        "consulate-de", "consulate-fr", "consulate-us", "consulate-uk", "consulate-cn", "consulate-jp", "consulate-it",
        "consulate-tr", "consulate-sa", "consulate-ir", "consulate-ru", "consulate-nl", "consulate-ch", "consulate-af",
        "consulate-id", "consulate-kr", "consulate-ae", "consulate-es", "consulate-ca", "consulate-au"
    };

    /** The same appender as audit-service's store: one per process, it keeps the chain's head between batches. */
    private static final TrailRows.Appender APPENDER = new TrailRows.Appender();

    private static final String[] DISTRICTS = {"Central", "East", "South", "West", "Korangi", "Malir", "Keamari"};

    /** How many ranked candidates each UnitsAssigned carries (0: none, as writers before the field). */
    private static int candidates = 3;

    private AuditStoreBench() {}

    public static void main(String[] args) throws Exception {
        int chained = intArg(args, "--chained", 200_000);
        long rows = intArg(args, "--rows", 10_000_000);
        int queries = intArg(args, "--queries", 2000);
        candidates = intArg(args, "--candidates", 3);
        BATCH = intArg(args, "--batch", 500);
        // --data-dir DIR keeps the database there; a second run on the same DIR skips the inserts and the fill and
        // only queries (so that the long fill can be made once, and the queries measured when the machine is quiet)
        String dataDir = stringArg(args, "--data-dir");
        boolean reuse = dataDir != null && java.nio.file.Files.exists(java.nio.file.Path.of(dataDir, "PG_VERSION"));
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        if (dataDir != null) {
            builder.setDataDirectory(java.nio.file.Path.of(dataDir)).setCleanDataDirectory(false);
        }
        try (EmbeddedPostgres postgres = builder.setServerConfig("shared_buffers", "512MB")
                .setServerConfig("max_wal_size", "4GB")
                .setServerConfig("synchronous_commit", "on")
                .start()) {
            // as audit-service connects (application.yml): the driver sends a JDBC batch as multi-row INSERTs, and
            // no parallel plans
            DataSource data = postgres.getDatabase(
                    "postgres",
                    "postgres",
                    Map.of("reWriteBatchedInserts", "true", "options", "-c max_parallel_workers_per_gather=0"));
            Flyway.configure()
                    .dataSource(data)
                    .locations("classpath:db/migration")
                    .placeholders(Map.of("runtimeRole", "postgres"))
                    .load()
                    .migrate();
            try (Connection connection = data.getConnection()) {
                System.out.printf(
                        "PostgreSQL %s, %d CPUs%n",
                        version(connection), Runtime.getRuntime().availableProcessors());
                if (reuse) {
                    System.out.printf("reusing the database in %s: no inserts, no fill%n", dataDir);
                } else {
                    insertRates(connection, chained);
                    fill(connection, rows);
                }
                queryLatencies(connection, queries);
            }
        }
    }

    // --- inserts ---

    private static void insertRates(Connection connection, int count) throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE bench_plain (seq bigint, event_id uuid, event_type text, alert_id uuid,
                        aggregate_key text, topic text, kafka_partition int, kafka_offset bigint,
                        occurred_at timestamptz, recorded_at timestamptz, consulate_id text, alert_type text,
                        drill boolean, agencies text[], unit_ids text[], payload text)""");
        }
        // warm-up of both paths, then the measured runs
        List<List<AuditEntry>> warm = batches(20_000, 1);
        plain(connection, warm);
        chained(connection, warm);
        List<List<AuditEntry>> baselineBatches = batches(count, 2);
        List<List<AuditEntry>> chainedBatches = batches(count, 3);
        List<List<AuditEntry>> indexedBatches = batches(count, 4);
        Cpu cpu = new Cpu(connection);
        double baseline = plain(connection, baselineBatches);
        String baselineCpu = cpu.text(cpu.microsSince(count));
        double rate = chained(connection, chainedBatches);
        String chainedCpu = cpu.text(cpu.microsSince(count));
        double indexed = plainIndexed(connection, indexedBatches);
        String indexedCpu = cpu.text(cpu.microsSince(count));
        System.out.printf("%ninsert, %d events in batches of %d (one transaction each):%n", count, BATCH);
        System.out.printf("  %-56s %12s %22s%n", "", "events/s", "CPU us/event (Java+PG)");
        System.out.printf(
                "  %-56s %,12.0f %22s%n",
                "baseline plain JDBC batch insert, table without indexes", baseline, baselineCpu);
        System.out.printf(
                "  %-56s %,12.0f %22s%n", "plain JDBC batch insert into audit_event, no chain", indexed, indexedCpu);
        System.out.printf(
                "  %-56s %,12.0f %22s  (%.2fx baseline, %.2fx unchained audit_event)%n",
                "chained append (audit-service)", rate, chainedCpu, rate / baseline, rate / indexed);
    }

    /**
     * CPU time spent per event by this thread and the connection's PostgreSQL backend (from /proc, Linux): unlike the
     * rate, it hardly moves when other processes compete for the CPUs, so the paths can be compared on a busy machine.
     * It leaves out PostgreSQL's WAL writer and checkpointer.
     */
    private static final class Cpu {

        private final java.lang.management.ThreadMXBean threads =
                java.lang.management.ManagementFactory.getThreadMXBean();
        private final java.nio.file.Path backendStat;
        private long javaNanos;
        private long backendTicks;
        private double lastJava;

        /** Of the last {@link #microsSince}: the Java thread's share. */
        double lastJava() {
            return lastJava;
        }

        Cpu(Connection connection) throws Exception {
            try (Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
                row.next();
                backendStat = java.nio.file.Path.of("/proc/" + row.getInt(1) + "/stat");
            }
            javaNanos = threads.getCurrentThreadCpuTime();
            backendTicks = backendTicks();
        }

        /** Total and Java share, e.g. {@code 81.4 (12.0+69.4)}. */
        String text(double micros) {
            return Double.isNaN(micros)
                    ? "n/a"
                    : String.format("%.1f (%.1f+%.1f)", micros, lastJava, micros - lastJava);
        }

        /** CPU microseconds per event since the last call. */
        double microsSince(long events) {
            long java = threads.getCurrentThreadCpuTime();
            long backend = backendTicks();
            double micros = backend < 0 || backendTicks < 0
                    ? Double.NaN
                    : ((java - javaNanos) / 1e3 + (backend - backendTicks) * 1e4) / events; // 100 ticks per second
            lastJava = (java - javaNanos) / 1e3 / events;
            javaNanos = java;
            backendTicks = backend;
            return micros;
        }

        /** utime + stime of the backend process, in clock ticks; -1 when /proc cannot be read. */
        private long backendTicks() {
            try {
                String stat = java.nio.file.Files.readString(backendStat);
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (Exception unreadable) {
                return -1;
            }
        }
    }

    private static double plain(Connection connection, List<List<AuditEntry>> batches) throws Exception {
        connection.setAutoCommit(false);
        long started = System.nanoTime();
        long n = 0;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO bench_plain VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (List<AuditEntry> batch : batches) {
                for (AuditEntry e : batch) {
                    insert.setLong(1, ++n);
                    insert.setObject(2, e.eventId());
                    insert.setString(3, e.eventType());
                    insert.setObject(4, e.alertId());
                    insert.setString(5, e.aggregateKey());
                    insert.setString(6, e.source().topic());
                    insert.setInt(7, e.source().partition());
                    insert.setLong(8, e.source().offset());
                    insert.setObject(9, java.time.OffsetDateTime.ofInstant(e.occurredAt(), java.time.ZoneOffset.UTC));
                    insert.setObject(10, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC));
                    insert.setString(11, e.consulateId());
                    insert.setString(12, e.alertType());
                    insert.setObject(13, e.drill());
                    insert.setArray(
                            14, connection.createArrayOf("text", e.agencies().toArray()));
                    insert.setArray(
                            15, connection.createArrayOf("text", e.unitIds().toArray()));
                    insert.setString(16, e.payload());
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
            }
        }
        connection.setAutoCommit(true);
        return n / ((System.nanoTime() - started) / 1e9);
    }

    /** The same rows into audit_event itself, numbered from far above the chain, with a dummy hash: no chain work. */
    private static double plainIndexed(Connection connection, List<List<AuditEntry>> batches) throws Exception {
        connection.setAutoCommit(false);
        long started = System.nanoTime();
        long n = 0;
        byte[] hash = new byte[32];
        try (PreparedStatement insert =
                connection.prepareStatement("INSERT INTO audit_event (seq, event_id, event_type,"
                        + " alert_id, aggregate_key, topic, kafka_partition, kafka_offset, occurred_at, recorded_at, consulate_id,"
                        + " alert_type, drill, agencies, unit_ids, payload, hash)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (List<AuditEntry> batch : batches) {
                for (AuditEntry e : batch) {
                    insert.setLong(1, 1_000_000_000_000L + ++n);
                    insert.setObject(2, e.eventId());
                    insert.setString(3, e.eventType());
                    insert.setObject(4, e.alertId());
                    insert.setString(5, e.aggregateKey());
                    insert.setString(6, e.source().topic());
                    insert.setInt(7, e.source().partition());
                    insert.setLong(8, e.source().offset());
                    insert.setObject(9, java.time.OffsetDateTime.ofInstant(e.occurredAt(), java.time.ZoneOffset.UTC));
                    insert.setObject(10, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC));
                    insert.setString(11, e.consulateId());
                    insert.setString(12, e.alertType());
                    insert.setObject(13, e.drill());
                    insert.setArray(
                            14, connection.createArrayOf("text", e.agencies().toArray()));
                    insert.setArray(
                            15, connection.createArrayOf("text", e.unitIds().toArray()));
                    insert.setString(16, e.payload());
                    insert.setBytes(17, hash);
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
            }
        }
        connection.setAutoCommit(true);
        return n / ((System.nanoTime() - started) / 1e9);
    }

    private static double chained(Connection connection, List<List<AuditEntry>> batches) throws Exception {
        connection.setAutoCommit(false);
        long started = System.nanoTime();
        long n = 0;
        for (List<AuditEntry> batch : batches) {
            TrailRows.Appender.Appended appended = APPENDER.append(connection, batch, Instant.now());
            connection.commit();
            APPENDER.committed(appended);
            n += appended.inserted().stream().filter(Boolean::booleanValue).count();
        }
        connection.setAutoCommit(true);
        return n / ((System.nanoTime() - started) / 1e9);
    }

    /** Alerts of 5 events each (AlertRaised, then UnitsAssigned and three more of the same shape), like production. */
    private static List<List<AuditEntry>> batches(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<List<AuditEntry>> batches = new ArrayList<>();
        List<AuditEntry> batch = new ArrayList<>(BATCH);
        Instant at = Instant.now();
        long offset = 0;
        while (offset < count) {
            UUID alertId = new UUID(random.nextLong(), random.nextLong());
            String consulate = CONSULATES[random.nextInt(CONSULATES.length)];
            AlertRaised raised = new AlertRaised(
                            new UUID(random.nextLong(), random.nextLong()),
                            at,
                            alertId,
                            consulate,
                            "Consulate",
                            AlertType.values()[random.nextInt(AlertType.values().length)],
                            Severity.CRITICAL,
                            new GeoPoint(24.8 + random.nextDouble() / 10, 67.0 + random.nextDouble() / 10),
                            15.0,
                            "Chancery",
                            "bench alert",
                            random.nextInt(10) == 0)
                    .withDistrict(DISTRICTS[random.nextInt(DISTRICTS.length)]);
            batch.add(AuditEntry.of(raised, new EventSource("sos.alerts", 0, offset++)));
            for (int i = 0; i < 4 && offset < count; i++) {
                UnitsAssigned.Assignment sent = unit(random, 0);
                UnitsAssigned assigned = new UnitsAssigned(
                        new UUID(random.nextLong(), random.nextLong()),
                        at.plusSeconds(i + 1),
                        alertId,
                        raised.eventId(),
                        1,
                        List.of(sent),
                        // the ranking it came from, as dispatch-service now records it
                        ranking(random, sent));
                batch.add(AuditEntry.of(assigned, new EventSource("sos.dispatch.assignments", 0, offset++)));
            }
            if (batch.size() >= BATCH) {
                batches.add(batch);
                batch = new ArrayList<>(BATCH);
            }
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    private static List<UnitsAssigned.Assignment> ranking(SplittableRandom random, UnitsAssigned.Assignment sent) {
        List<UnitsAssigned.Assignment> ranking = new ArrayList<>();
        for (int rank = 0; rank < candidates; rank++) {
            ranking.add(rank == 0 ? sent : unit(random, rank));
        }
        return ranking;
    }

    private static UnitsAssigned.Assignment unit(SplittableRandom random, int rank) {
        return new UnitsAssigned.Assignment(
                "KHI-PL-" + random.nextInt(400),
                "Mobile",
                Agency.POLICE,
                "PATROL_CAR",
                "Station",
                new GeoPoint(24.85, 67.02),
                3.2 + rank,
                420 + 60 * rank);
    }

    // --- a large table ---

    private static void fill(Connection connection, long target) throws Exception {
        long have = count(connection);
        long started = System.nanoTime();
        String sample;
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(
                        "SELECT payload FROM audit_event WHERE event_type = 'UnitsAssigned' LIMIT 1")) {
            row.next();
            sample = row.getString(1);
        }
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO audit_event (seq, event_id, event_type, alert_id, aggregate_key, topic, kafka_partition,
                    kafka_offset, occurred_at, recorded_at, consulate_id, alert_type, drill, district, agencies,
                    unit_ids, payload, hash)
                SELECT s, md5(s::text)::uuid,
                       CASE WHEN s % 5 = 0 THEN 'AlertRaised' WHEN s % 5 = 1 THEN 'UnitsAssigned'
                            WHEN s % 5 = 2 THEN 'NotificationSent' WHEN s % 5 = 3 THEN 'AssignmentUpdated'
                            ELSE 'NotificationFailed' END,
                       md5('alert' || (s / 5)::text)::uuid, (s / 5)::text, 'sos.bench', 0, s,
                       now() - make_interval(secs => (? - s) * 0.05), now(),
                       'consulate-' || ((s / 5) % 20),
                       (ARRAY['ARMED_ATTACK', 'BOMB_THREAT', 'INTRUSION', 'MOB_OR_PROTEST', 'KIDNAPPING', 'FIRE',
                              'MEDICAL', 'SUSPICIOUS_ACTIVITY', 'OTHER'])[1 + (s / 5) % 9],
                       (s / 5) % 50 = 0,
                       (ARRAY['Central', 'East', 'South', 'West', 'Korangi', 'Malir', 'Keamari'])[1 + (s / 5) % 7],
                       -- agencies only on dispatch events, as the store writes them; Rangers on a third of alerts
                       CASE WHEN s % 5 IN (1, 3) AND (s / 5) % 3 = 0 THEN ARRAY['POLICE', 'RANGERS']
                            WHEN s % 5 IN (1, 3) THEN ARRAY['POLICE'] ELSE ARRAY[]::text[] END,
                       ARRAY['KHI-PL-' || (s % 400)], ?, sha256(int8send(s))
                FROM generate_series(?::bigint, ?::bigint) s
                """);
                PreparedStatement units = connection.prepareStatement("""
                        INSERT INTO audit_event_unit (unit_id, seq, recorded_at)
                        SELECT 'KHI-PL-' || (s % 400), s, now() FROM generate_series(?::bigint, ?::bigint) s
                        """)) {
            long step = 500_000;
            for (long from = have + 1; from <= target; from += step) {
                long to = Math.min(target, from + step - 1);
                insert.setLong(1, target);
                insert.setString(2, sample);
                insert.setLong(3, from);
                insert.setLong(4, to);
                insert.executeUpdate();
                // the unit index rows, as the store writes them (same transaction, so the same now())
                units.setLong(1, from);
                units.setLong(2, to);
                units.executeUpdate();
                connection.commit();
            }
        }
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("VACUUM ANALYZE audit_event");
            statement.execute("VACUUM ANALYZE audit_event_unit");
        }
        System.out.printf(
                "%ntable: %,d rows in audit_event (bulk part generated in SQL in %.0f s)%n",
                count(connection), (System.nanoTime() - started) / 1e9);
    }

    // --- queries ---

    private static void queryLatencies(Connection connection, int iterations) throws Exception {
        long max = count(connection);
        SplittableRandom random = new SplittableRandom(7);
        List<UUID> alerts = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT alert_id FROM audit_event TABLESAMPLE SYSTEM (1) WHERE alert_id IS NOT NULL LIMIT 5000")) {
            while (rows.next()) {
                alerts.add(rows.getObject(1, UUID.class));
            }
        }
        String columns = "seq, event_id, event_type, alert_id, aggregate_key, topic, occurred_at, recorded_at, payload";
        String prefixed = "e.seq, e.event_id, e.event_type, e.alert_id, e.aggregate_key, e.topic, e.occurred_at,"
                + " e.recorded_at, e.payload";
        System.out.printf("%nqueries, %d each, sequential (ms):%n", iterations);
        System.out.printf("  %-44s %8s %8s %8s %8s%n", "query", "p50", "p90", "p99", "max");
        measure(
                "baseline: SELECT by primary key (seq)",
                iterations,
                connection,
                "SELECT " + columns + " FROM audit_event WHERE seq = ?",
                s -> s.setLong(1, 1 + random.nextLong(max)));
        measure(
                "timeline of one alert",
                iterations,
                connection,
                "SELECT " + columns + " FROM audit_event WHERE alert_id = ? ORDER BY occurred_at, seq",
                s -> s.setObject(1, alerts.get(random.nextInt(alerts.size()))));
        measure(
                "consulate, latest 100",
                iterations,
                connection,
                "SELECT " + columns + " FROM audit_event WHERE consulate_id = ? ORDER BY seq DESC LIMIT 100",
                s -> s.setString(1, "consulate-" + random.nextInt(20)));
        measure(
                "consulate, keyset page of 100 after a seq",
                iterations,
                connection,
                "SELECT " + columns + " FROM audit_event WHERE consulate_id = ? AND seq > ? ORDER BY seq LIMIT 100",
                s -> {
                    s.setString(1, "consulate-" + random.nextInt(20));
                    s.setLong(2, random.nextLong(max));
                });
        measure(
                "event type, keyset page of 100 after a seq",
                iterations,
                connection,
                "SELECT " + columns + " FROM audit_event WHERE event_type = ? AND seq > ? ORDER BY seq LIMIT 100",
                s -> {
                    s.setString(1, random.nextBoolean() ? "AlertRaised" : "NotificationSent");
                    s.setLong(2, random.nextLong(max));
                });
        // as JdbcAuditStore.select writes a unit filter: audit_event_unit's (unit_id, seq) drives, one row per seq
        String byUnit = "SELECT " + prefixed + " FROM audit_event_unit u JOIN audit_event e"
                + " ON e.seq = u.seq AND e.recorded_at = u.recorded_at WHERE u.unit_id = ?";
        measure(
                "unit, latest 100",
                iterations,
                connection,
                byUnit + " ORDER BY u.seq DESC LIMIT 100",
                s -> s.setString(1, "KHI-PL-" + random.nextInt(400)));
        measure(
                "unit, keyset page of 100 after a seq",
                iterations,
                connection,
                byUnit + " AND u.seq > ? ORDER BY u.seq LIMIT 100",
                s -> {
                    s.setString(1, "KHI-PL-" + random.nextInt(400));
                    s.setLong(2, random.nextLong(max));
                });
        measure(
                "district, keyset page of 100 after a seq",
                iterations,
                connection,
                "SELECT " + columns + " FROM audit_event WHERE district = ? AND seq > ? ORDER BY seq LIMIT 100",
                s -> {
                    s.setString(1, DISTRICTS[random.nextInt(DISTRICTS.length)]);
                    s.setLong(2, random.nextLong(max));
                });
        for (String agency : new String[] {"POLICE", "RANGERS"}) {
            measure(
                    "agency " + agency + ", keyset page of 100 after a seq",
                    iterations,
                    connection,
                    "SELECT " + columns + " FROM audit_event e WHERE e.agencies @> ARRAY['" + agency
                            + "']::text[] AND e.seq > ? ORDER BY e.seq LIMIT 100",
                    s -> s.setLong(1, random.nextLong(max)));
        }
        measure(
                "drills, latest 100",
                iterations,
                connection,
                "SELECT " + columns + " FROM audit_event e WHERE e.drill ORDER BY e.seq DESC LIMIT 100",
                s -> {});
        measure(
                "drills, keyset page of 100 after a seq",
                iterations,
                connection,
                "SELECT " + columns + " FROM audit_event e WHERE e.drill AND e.seq > ? ORDER BY e.seq LIMIT 100",
                s -> s.setLong(1, random.nextLong(max)));
        measure(
                "live, keyset page of 100 after a seq",
                iterations,
                connection,
                "SELECT " + columns + " FROM audit_event e WHERE NOT e.drill AND e.seq > ? ORDER BY e.seq LIMIT 100",
                s -> s.setLong(1, random.nextLong(max)));
        measure(
                "alert type, keyset page of 100 after a seq",
                iterations,
                connection,
                "SELECT " + columns + " FROM audit_event WHERE alert_type = ? AND seq > ? ORDER BY seq LIMIT 100",
                s -> {
                    s.setString(1, random.nextBoolean() ? "KIDNAPPING" : "FIRE");
                    s.setLong(2, random.nextLong(max));
                });
        measure(
                "consulate + last hour, latest 100",
                iterations,
                connection,
                "SELECT " + columns
                        + " FROM audit_event WHERE consulate_id = ? AND occurred_at >= now() - interval '1 hour'"
                        + " ORDER BY seq DESC LIMIT 100",
                s -> s.setString(1, "consulate-" + random.nextInt(20)));
        long middle = max / 2;
        explain(
                connection,
                "consulate, keyset page after a seq",
                "SELECT " + columns + " FROM audit_event WHERE consulate_id = 'consulate-7' AND seq > " + middle
                        + " ORDER BY seq LIMIT 100");
        explain(connection, "unit, latest 100", byUnit.replace("?", "'KHI-PL-7'") + " ORDER BY u.seq DESC LIMIT 100");
        explain(
                connection,
                "agency RANGERS, keyset page after a seq",
                "SELECT " + columns + " FROM audit_event e WHERE e.agencies @> ARRAY['RANGERS']::text[] AND e.seq > "
                        + middle + " ORDER BY e.seq LIMIT 100");
        explain(
                connection,
                "drills, keyset page after a seq",
                "SELECT " + columns + " FROM audit_event e WHERE e.drill AND e.seq > " + middle
                        + " ORDER BY e.seq LIMIT 100");
    }

    /** The plan PostgreSQL ran for a query, with buffers: which index served it. */
    private static void explain(Connection connection, String what, String sql) throws Exception {
        System.out.printf("%nplan, %s:%n", what);
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql)) {
            while (rows.next()) {
                System.out.println("  " + rows.getString(1));
            }
        }
    }

    interface Binder {
        void bind(PreparedStatement statement) throws Exception;
    }

    private static void measure(String what, int iterations, Connection connection, String sql, Binder binder)
            throws Exception {
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < iterations + iterations / 5; i++) {
                binder.bind(statement);
                long started = System.nanoTime();
                int n = 0;
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        rows.getString(9);
                        n++;
                    }
                }
                long took = System.nanoTime() - started;
                if (i >= iterations / 5) { // the first fifth warms up
                    histogram.recordValue(took);
                }
            }
        }
        System.out.printf(
                "  %-44s %8.2f %8.2f %8.2f %8.2f%n",
                what,
                histogram.getValueAtPercentile(50) / 1e6,
                histogram.getValueAtPercentile(90) / 1e6,
                histogram.getValueAtPercentile(99) / 1e6,
                histogram.getMaxValue() / 1e6);
    }

    private static long count(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(
                        "SELECT coalesce(max(seq), 0) FROM audit_event WHERE seq < 1000000000000")) {
            row.next();
            return row.getLong(1);
        }
    }

    private static String version(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SHOW server_version")) {
            row.next();
            return row.getString(1);
        }
    }

    private static String stringArg(String[] args, String name) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return null;
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1].replace("_", ""));
            }
        }
        return fallback;
    }
}
