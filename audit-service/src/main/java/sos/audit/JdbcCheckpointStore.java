package sos.audit;

import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import sos.audit.domain.Checkpoint;
import sos.audit.domain.CheckpointStore;

/** Checkpoints in {@code audit_checkpoint}. */
@Repository
class JdbcCheckpointStore implements CheckpointStore {

    private final JdbcTemplate jdbc;

    JdbcCheckpointStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Checkpoint> latest() {
        List<Checkpoint> found = jdbc.query(
                "SELECT seq, hash, signed_at, key_id, signature FROM audit_checkpoint ORDER BY id DESC LIMIT 1",
                (row, n) -> new Checkpoint(
                        row.getLong("seq"),
                        HexFormat.of().formatHex(row.getBytes("hash")),
                        row.getObject("signed_at", OffsetDateTime.class).toInstant(),
                        row.getString("key_id"),
                        Base64.getEncoder().encodeToString(row.getBytes("signature"))));
        return found.stream().findFirst();
    }

    @Override
    public void save(Checkpoint checkpoint) {
        jdbc.update(
                "INSERT INTO audit_checkpoint (seq, hash, signed_at, key_id, signature) VALUES (?, ?, ?, ?, ?)",
                checkpoint.seq(),
                HexFormat.of().parseHex(checkpoint.hash()),
                TrailRows.utc(checkpoint.signedAt()),
                checkpoint.keyId(),
                Base64.getDecoder().decode(checkpoint.signature()));
    }

    @Override
    public Optional<String> hashAt(long seq) {
        return jdbc.query("SELECT hash FROM audit_event WHERE seq = ?", (row, n) -> row.getBytes(1), seq).stream()
                .findFirst()
                .map(HexFormat.of()::formatHex);
    }
}
