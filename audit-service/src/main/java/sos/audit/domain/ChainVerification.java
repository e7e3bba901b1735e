package sos.audit.domain;

import java.security.MessageDigest;

/**
 * Recomputes the chain row by row, in seq order, and remembers the first row that does not fit: a seq out of order or
 * missing (a row deleted, inserted or moved), or a hash that is not SHA-256(previous hash || canonical row) (a row
 * changed). Feed it every row from the first ({@link #accept}), then read the outcome.
 */
public final class ChainVerification {

    private long expectedSeq;
    private byte[] previousHash;
    private long checked;
    private Long firstBrokenSeq;
    private String reason;

    public ChainVerification() {
        this(Chain.Head.EMPTY);
    }

    /** Verifies the rows after a trusted head (for example a checked signed checkpoint). */
    public ChainVerification(Chain.Head trusted) {
        this.expectedSeq = trusted.seq() + 1;
        this.previousHash = trusted.hash().clone();
    }

    /** @return false once a broken row was found (no need to read further) */
    public boolean accept(AuditRow row) {
        if (firstBrokenSeq != null) {
            return false;
        }
        if (row.seq() != expectedSeq) {
            return broken(
                    row.seq(),
                    row.seq() > expectedSeq
                            ? "seq " + expectedSeq + " is missing before seq " + row.seq()
                            : "seq " + row.seq() + " is out of order (expected " + expectedSeq + ")");
        }
        byte[] expected = ChainHash.link(previousHash, row);
        if (row.hash() == null || !MessageDigest.isEqual(expected, row.hash())) {
            return broken(row.seq(), "hash does not match the row's content and the hash of the row before it");
        }
        checked++;
        expectedSeq++;
        previousHash = expected;
        return true;
    }

    private boolean broken(long seq, String why) {
        firstBrokenSeq = seq;
        reason = why;
        return false;
    }

    public Result result() {
        return new Result(
                firstBrokenSeq == null, checked, expectedSeq - 1, ChainHash.hex(previousHash), firstBrokenSeq, reason);
    }

    /**
     * @param intact whether every row fits
     * @param rowsChecked rows that fit, from the start
     * @param headSeq the last row that fits
     * @param headHash its hash, hex
     * @param firstBrokenSeq the first row that does not fit, or null
     * @param reason why it does not, or null
     */
    public record Result(
            boolean intact, long rowsChecked, long headSeq, String headHash, Long firstBrokenSeq, String reason) {}
}
