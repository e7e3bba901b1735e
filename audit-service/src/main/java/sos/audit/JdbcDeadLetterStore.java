package sos.audit;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;
import sos.audit.domain.DeadLetter;
import sos.audit.domain.DeadLetterStore;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Dead letters in {@code audit_dead_letter}. */
@Repository
class JdbcDeadLetterStore implements DeadLetterStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String INSERT = """
            INSERT INTO audit_dead_letter (topic, kafka_partition, kafka_offset, record_key, record_value, headers,
                original_topic, original_partition, original_offset, exception_class, exception_message,
                record_timestamp)
            VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (topic, kafka_partition, kafka_offset) DO NOTHING
            """;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    JdbcDeadLetterStore(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    @Override
    public void append(List<DeadLetter> deadLetters) {
        transaction.executeWithoutResult(status -> jdbc.batchUpdate(INSERT, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement statement, int i) throws SQLException {
                DeadLetter letter = deadLetters.get(i);
                statement.setString(1, letter.topic());
                statement.setInt(2, letter.partition());
                statement.setLong(3, letter.offset());
                statement.setBytes(4, letter.key());
                statement.setBytes(5, letter.value());
                statement.setString(6, JSON.writeValueAsString(letter.headers()));
                statement.setString(7, letter.originalTopic());
                statement.setObject(8, letter.originalPartition(), Types.INTEGER);
                statement.setObject(9, letter.originalOffset(), Types.BIGINT);
                statement.setString(10, letter.exceptionClass());
                statement.setString(11, letter.exceptionMessage());
                statement.setObject(
                        12, letter.recordTimestamp() == null ? null : TrailRows.utc(letter.recordTimestamp()));
            }

            @Override
            public int getBatchSize() {
                return deadLetters.size();
            }
        }));
    }

    @Override
    public List<DeadLetter> after(long afterId, int limit) {
        return jdbc.query(
                "SELECT * FROM audit_dead_letter WHERE id > ? ORDER BY id LIMIT ?",
                (row, n) -> new DeadLetter(
                        row.getLong("id"),
                        row.getString("topic"),
                        row.getInt("kafka_partition"),
                        row.getLong("kafka_offset"),
                        row.getBytes("record_key"),
                        row.getBytes("record_value"),
                        JSON.readValue(row.getString("headers"), new TypeReference<Map<String, String>>() {}),
                        row.getString("original_topic"),
                        (Integer) row.getObject("original_partition"),
                        (Long) row.getObject("original_offset"),
                        row.getString("exception_class"),
                        row.getString("exception_message"),
                        row.getObject("record_timestamp", OffsetDateTime.class) == null
                                ? null
                                : row.getObject("record_timestamp", OffsetDateTime.class)
                                        .toInstant(),
                        row.getObject("recorded_at", OffsetDateTime.class).toInstant()),
                afterId,
                limit);
    }
}
