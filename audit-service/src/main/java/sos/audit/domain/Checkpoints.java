package sos.audit.domain;

import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Signs the head of the chain from time to time, but only after recomputing the chain since the last checkpoint (so a
 * checkpoint never vouches for a tampered row), and checks checkpoints that someone kept.
 */
public final class Checkpoints {

    private final AuditStore trail;
    private final CheckpointStore checkpoints;
    private final CheckpointSigner signer;

    public Checkpoints(AuditStore trail, CheckpointStore checkpoints, CheckpointSigner signer) {
        this.trail = Objects.requireNonNull(trail, "trail");
        this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    /** The outcome of an attempt to sign the head: the newest checkpoint, or why none could be made. */
    public record Outcome(Checkpoint checkpoint, ChainVerification.Result refusedBecause) {}

    /**
     * Verifies the rows after the last checkpoint (all rows when there is none, or when its signature does not hold)
     * and signs the head; when nothing was recorded since, the last checkpoint stands.
     */
    public Outcome checkpoint(Instant now) {
        Optional<Checkpoint> last = checkpoints.latest().filter(signer::isSignedByThisKey);
        Chain.Head trusted = last.map(
                        c -> new Chain.Head(c.seq(), HexFormat.of().parseHex(c.hash())))
                .orElse(Chain.Head.EMPTY);
        ChainVerification verification = new ChainVerification(trusted);
        trail.scanChain(trusted.seq(), verification::accept);
        ChainVerification.Result result = verification.result();
        if (!result.intact()) {
            return new Outcome(null, result);
        }
        if (last.isPresent() && result.headSeq() == last.get().seq()) {
            return new Outcome(last.get(), null);
        }
        if (result.headSeq() == 0) {
            return new Outcome(null, null);
        }
        Checkpoint signed =
                signer.sign(new Chain.Head(result.headSeq(), HexFormat.of().parseHex(result.headHash())), now);
        checkpoints.save(signed);
        return new Outcome(signed, null);
    }

    public Optional<Checkpoint> latest() {
        return checkpoints.latest();
    }

    /**
     * What a kept checkpoint says about the trail now.
     *
     * @param signatureValid signed by this service's key, over exactly this statement
     * @param hashMatches the trail's row {@code seq} has the checkpoint's hash
     * @param chainIntactUpToSeq the chain recomputed from the first row up to {@code seq} holds
     * @param firstBrokenSeq the first row that does not fit, if one up to {@code seq} does not
     */
    public record Check(
            boolean valid,
            boolean signatureValid,
            boolean hashMatches,
            boolean chainIntactUpToSeq,
            Long firstBrokenSeq,
            String detail) {}

    public Check check(Checkpoint presented) {
        boolean signatureValid = signer.isSignedByThisKey(presented);
        Optional<String> onRecord = checkpoints.hashAt(presented.seq());
        boolean hashMatches =
                onRecord.map(hash -> hash.equalsIgnoreCase(presented.hash())).orElse(false);
        ChainVerification verification = new ChainVerification();
        long upTo = presented.seq();
        trail.scanChain(0, row -> row.seq() <= upTo && verification.accept(row));
        ChainVerification.Result result = verification.result();
        boolean chainIntact = result.intact() && result.headSeq() == upTo;
        String detail;
        if (!signatureValid) {
            detail = "the signature is not this service's over this checkpoint";
        } else if (onRecord.isEmpty()) {
            detail = "the trail has no row " + upTo;
        } else if (!hashMatches) {
            detail = "row " + upTo + " of the trail no longer has the checkpoint's hash";
        } else if (!chainIntact) {
            detail = result.reason() != null ? result.reason() : "the chain ends before row " + upTo;
        } else {
            detail = "the trail up to row " + upTo + " is what was signed";
        }
        return new Check(
                signatureValid && hashMatches && chainIntact,
                signatureValid,
                hashMatches,
                chainIntact,
                result.firstBrokenSeq(),
                detail);
    }

    public CheckpointSigner signer() {
        return signer;
    }
}
