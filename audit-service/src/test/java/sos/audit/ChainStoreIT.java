package sos.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import sos.audit.domain.AuditEntry;
import sos.audit.domain.AuditTrail;
import sos.audit.domain.ChainVerification;
import sos.audit.domain.EventSource;
import sos.contracts.AlertRaised;
import sos.contracts.EventJson;
import sos.contracts.UnitsAssigned;
import sos.testsupport.EmbeddedPostgresDatabase;

/**
 * The chained store against a real PostgreSQL, without Kafka: rows of the first schema are chained by the migration,
 * and appends from many threads at once still make one chain without gaps.
 */
class ChainStoreIT {

    private static final String DATABASE = "sos_audit_chain_it";
    private static final String ROLE = "sos_audit_chain";

    private static DataSource dataSource;
    private static AlertRaised raisedBeforeUpgrade;
    private static UnitsAssigned assignedBeforeUpgrade;

    @BeforeAll
    static void upgradeADatabaseOfTheFirstVersion() throws SQLException {
        EmbeddedPostgres postgres = EmbeddedPostgresDatabase.get();
        AuditIT.createDatabase(postgres, DATABASE, ROLE, "chain-it");
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL("jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE);
        source.setUser(ROLE);
        source.setPassword("chain-it");
        dataSource = source;
        flyway().target("1").load().migrate();

        UUID alertId = UUID.randomUUID();
        Instant at = Instant.parse("2026-10-30T23:59:59.123456Z");
        raisedBeforeUpgrade = AuditIT.alertRaised(alertId, at, "recorded before the upgrade");
        assignedBeforeUpgrade = AuditIT.unitsAssigned(alertId, raisedBeforeUpgrade, at.plusSeconds(2));
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        // seq 7 and 9: the first version's seq had gaps
        insertFirstVersionRow(
                jdbc,
                7,
                raisedBeforeUpgrade.eventId(),
                "AlertRaised",
                alertId,
                EventJson.toJson(raisedBeforeUpgrade),
                "sos.alerts",
                at,
                "2026-10-31T00:00:01Z");
        insertFirstVersionRow(
                jdbc,
                9,
                assignedBeforeUpgrade.eventId(),
                "UnitsAssigned",
                alertId,
                EventJson.toJson(assignedBeforeUpgrade),
                "sos.dispatch.assignments",
                at.plusSeconds(2),
                "2026-11-01T00:00:03Z");
        insertFirstVersionRow(
                jdbc,
                10,
                UUID.randomUUID(),
                "SomethingNewer",
                alertId,
                "{\"eventType\":\"SomethingNewer\",\"weird\":[1,2]}",
                "sos.alerts",
                at.plusSeconds(3),
                "2026-11-01T00:00:04Z");

        flyway().load().migrate();
    }

    @Test
    void shouldChainTheRowsOfTheFirstVersionInTheirOrderWhenUpgrading() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);

        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT seq, event_type, consulate_id, alert_type, unit_ids::text AS units FROM audit_event"
                        + " WHERE alert_id = ? ORDER BY seq",
                raisedBeforeUpgrade.alertId());

        assertThat(rows).extracting(row -> row.get("seq")).containsExactly(1L, 2L, 3L);
        assertThat(rows)
                .extracting(row -> row.get("event_type"))
                .containsExactly("AlertRaised", "UnitsAssigned", "SomethingNewer");
        assertThat(rows.get(1).get("consulate_id")).isEqualTo("consulate-de");
        assertThat(rows.get(1).get("alert_type")).isEqualTo("ARMED_ATTACK");
        assertThat(rows.get(1).get("units")).isEqualTo("{KHI-PL-CLF-01}");
        // October and November rows live in their months' partitions
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event_2026_10", Long.class))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT to_regclass('audit_event_v1') IS NULL", Boolean.class))
                .isTrue();
        assertThat(trail().verify().intact()).isTrue();
    }

    @Test
    void shouldKeepOneChainWithoutGapsWhenManyThreadsAppendAtOnce() throws Exception {
        AuditTrail trail = trail();
        long before = trail.verify().headSeq();
        int threads = 4;
        int batches = 25;
        int batchSize = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int b = 0; b < batches; b++) {
                        List<AuditEntry> batch = new ArrayList<>();
                        for (int i = 0; i < batchSize; i++) {
                            AlertRaised raised = AuditIT.alertRaised(UUID.randomUUID(), Instant.now(), "t" + thread);
                            batch.add(AuditEntry.of(raised, new EventSource("sos.alerts", thread, b * batchSize + i)));
                        }
                        // the same event twice in one batch, and one already on record: stored once
                        batch.add(batch.get(0));
                        batch.add(AuditEntry.of(raisedBeforeUpgrade, new EventSource("sos.alerts", 0, 0)));
                        trail.record(batch);
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }

        ChainVerification.Result result = trail.verify();
        assertThat(result.intact()).isTrue();
        assertThat(result.headSeq()).isEqualTo(before + (long) threads * batches * batchSize);
        assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT count(*) FROM audit_event", Long.class))
                .isEqualTo(result.headSeq());
    }

    @Test
    void shouldChainABatchStreamedInManyChunksAsOne() {
        // rows are hashed while they stream to PostgreSQL in 64 KiB chunks: 1,500 events of about 1 KiB are many chunks
        AuditTrail trail = trail();
        long before = trail.verify().headSeq();
        List<AuditEntry> batch = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            AlertRaised raised =
                    AuditIT.alertRaised(UUID.randomUUID(), Instant.now(), "chunk \\ " + "x".repeat(600) + i);
            batch.add(AuditEntry.of(raised, new EventSource("sos.alerts", 7, i)));
        }

        trail.record(batch);

        ChainVerification.Result result = trail.verify();
        assertThat(result.intact()).isTrue();
        assertThat(result.headSeq()).isEqualTo(before + 1_500);
        assertThat(new JdbcTemplate(dataSource)
                        .queryForObject(
                                "SELECT count(*) FROM audit_event WHERE kafka_partition = 7 AND payload LIKE '%chunk%'",
                                Long.class))
                .isEqualTo(1_500);
    }

    @Test
    void shouldNotChainAfterAStaleHeadWhenAnotherInstanceAppendedInBetween() {
        // two stores, as two instances of the service: each keeps the head of its own last append in memory
        AuditTrail first = trail();
        AuditTrail second = trail();
        for (int round = 0; round < 3; round++) {
            for (AuditTrail trail : List.of(first, second, first)) {
                // a description whose JSON has backslashes and escapes: stored byte for byte through COPY
                AlertRaised raised = AuditIT.alertRaised(
                                UUID.randomUUID(), Instant.now(), "instance " + round + " \"quoted\"\ttab\\ ü")
                        .withDistrict("Malir");
                trail.record(List.of(AuditEntry.of(raised, new EventSource("sos.alerts", 5, round))));
            }
        }

        ChainVerification.Result result = first.verify();
        assertThat(result.intact()).isTrue();
        assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT count(*) FROM audit_event", Long.class))
                .isEqualTo(result.headSeq());
        assertThat(new JdbcTemplate(dataSource)
                        .queryForObject("SELECT count(*) FROM audit_event WHERE district = 'Malir'", Long.class))
                .isEqualTo(9);
    }

    @Test
    void shouldIndexTheUnitsOfRowsChainedBeforeTheUpgrade() {
        assertThat(new JdbcTemplate(dataSource)
                        .queryForList(
                                "SELECT seq FROM audit_event_unit WHERE unit_id = 'KHI-PL-CLF-01' AND seq <= 3",
                                Long.class))
                .containsExactly(2L);
    }

    private static AuditTrail trail() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        return new AuditTrail(new JdbcAuditStore(jdbc, transaction, Clock.systemUTC()));
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway() {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .placeholders(Map.of("runtimeRole", ROLE));
    }

    private static void insertFirstVersionRow(
            JdbcTemplate jdbc,
            long seq,
            UUID eventId,
            String type,
            UUID alertId,
            String payload,
            String topic,
            Instant occurredAt,
            String recordedAt) {
        jdbc.update(
                "INSERT INTO audit_event (seq, event_id, event_type, alert_id, aggregate_key, topic, kafka_partition,"
                        + " kafka_offset, occurred_at, recorded_at, payload) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?::timestamptz, ?::jsonb)",
                seq,
                eventId,
                type,
                alertId,
                alertId.toString(),
                topic,
                seq,
                TrailRows.utc(occurredAt),
                recordedAt,
                payload);
    }
}
