package sos.audit;

import java.time.Clock;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import sos.audit.domain.Checkpoint;
import sos.audit.domain.Checkpoints;

/** Signed checkpoints of the chain head, and the public key to check them with. */
@RestController
@RequestMapping("/api/v1/audit")
class CheckpointController {

    private final Checkpoints checkpoints;
    private final Clock clock;

    CheckpointController(Checkpoints checkpoints, Clock clock) {
        this.checkpoints = checkpoints;
        this.clock = clock;
    }

    @GetMapping("/checkpoints/latest")
    CheckpointView latest() {
        return checkpoints.latest().map(CheckpointView::of).orElseThrow(NoCheckpointException::new);
    }

    /** Verifies the chain since the last checkpoint and signs its head now. */
    @PostMapping("/checkpoints")
    ResponseEntity<CheckpointView> checkpointNow() {
        Checkpoints.Outcome outcome = checkpoints.checkpoint(clock.instant());
        if (outcome.refusedBecause() != null) {
            throw new ChainBrokenException(outcome.refusedBecause());
        }
        if (outcome.checkpoint() == null) {
            throw new NoCheckpointException();
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(CheckpointView.of(outcome.checkpoint()));
    }

    @PostMapping("/checkpoints/verify")
    Checkpoints.Check verify(@RequestBody CheckpointView presented) {
        return checkpoints.check(presented.toCheckpoint());
    }

    @GetMapping("/checkpoint-key")
    KeyView key() {
        return new KeyView(
                "Ed25519",
                checkpoints.signer().keyId(),
                checkpoints.signer().publicKeyBase64(),
                checkpoints.signer().publicKeyPem());
    }

    /** The public key: base64 of its X.509 (SubjectPublicKeyInfo) encoding, and the same as PEM. */
    record KeyView(String algorithm, String keyId, String publicKey, String pem) {}

    /** A checkpoint as JSON; {@code statement} is what was signed (ignored when presented for checking). */
    record CheckpointView(
            Long seq, String hash, java.time.Instant signedAt, String keyId, String signature, String statement) {

        static CheckpointView of(Checkpoint checkpoint) {
            return new CheckpointView(
                    checkpoint.seq(),
                    checkpoint.hash(),
                    checkpoint.signedAt(),
                    checkpoint.keyId(),
                    checkpoint.signature(),
                    checkpoint.statement());
        }

        Checkpoint toCheckpoint() {
            if (seq == null || seq < 1 || hash == null || signedAt == null || keyId == null || signature == null) {
                throw new sos.audit.domain.InvalidQueryException(
                        "a checkpoint needs seq (at least 1), hash, signedAt, keyId and signature");
            }
            return new Checkpoint(seq, hash, signedAt, keyId, signature);
        }
    }
}
