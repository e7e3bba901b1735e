package sos.audit.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Turns new entries into rows chained after the current head of the trail. */
public final class Chain {

    private Chain() {}

    /** The last row of the trail: seq 0 and {@link ChainHash#GENESIS} when it is empty. */
    public record Head(long seq, byte[] hash) {

        public static final Head EMPTY = new Head(0, ChainHash.GENESIS);
    }

    /** The rows to append and the alerts first seen among them. */
    public record Appendix(List<AuditRow> rows, List<AlertFacts> newAlerts) {}

    /**
     * Chains the entries after {@code head}, in order.
     *
     * @param entries entries not on record yet, each event id at most once
     * @param knownAlerts what is on record about the alerts the entries belong to
     * @param recordedAt when they go on record
     */
    public static Appendix append(
            Head head, List<AuditEntry> entries, Map<UUID, AlertFacts> knownAlerts, Instant recordedAt) {
        Appendix numbered = number(head.seq(), entries, knownAlerts, recordedAt);
        List<AuditRow> rows = new ArrayList<>(numbered.rows().size());
        byte[] hash = head.hash();
        for (AuditRow row : numbered.rows()) {
            AuditRow chained = link(hash, row);
            rows.add(chained);
            hash = chained.hash();
        }
        return new Appendix(rows, numbered.newAlerts());
    }

    /**
     * The rows the entries become after the row {@code afterSeq}, numbered from the next seq on but not hashed yet
     * (hash null): what {@link #append} chains with {@link #link}, one row after the other. A writer that streams rows
     * to the database hashes each as it writes it, so that hashing and storing overlap.
     */
    public static Appendix number(
            long afterSeq, List<AuditEntry> entries, Map<UUID, AlertFacts> knownAlerts, Instant recordedAt) {
        Map<UUID, AlertFacts> alerts = new LinkedHashMap<>(knownAlerts);
        List<AlertFacts> newAlerts = new ArrayList<>();
        for (AuditEntry entry : entries) {
            AlertFacts facts = entry.alertFacts();
            if (facts != null && !alerts.containsKey(facts.alertId())) {
                alerts.put(facts.alertId(), facts);
                newAlerts.add(facts);
            }
        }
        Instant at = ChainHash.micros(recordedAt);
        List<AuditRow> rows = new ArrayList<>(entries.size());
        long seq = afterSeq;
        for (AuditEntry entry : entries) {
            AlertFacts alert = entry.alertId() == null ? null : alerts.get(entry.alertId());
            rows.add(new AuditRow(
                    ++seq,
                    entry.eventId(),
                    entry.eventType(),
                    entry.alertId(),
                    entry.aggregateKey(),
                    entry.source().topic(),
                    entry.source().partition(),
                    entry.source().offset(),
                    ChainHash.micros(entry.occurredAt()),
                    at,
                    entry.consulateId() != null ? entry.consulateId() : alert == null ? null : alert.consulateId(),
                    entry.alertType() != null ? entry.alertType() : alert == null ? null : alert.alertType(),
                    entry.drill() != null ? entry.drill() : alert == null ? null : alert.drill(),
                    entry.district() != null ? entry.district() : alert == null ? null : alert.district(),
                    entry.agencies(),
                    entry.unitIds(),
                    entry.payload(),
                    null));
        }
        return new Appendix(rows, newAlerts);
    }

    /** A numbered row with its hash, chained after the row whose hash is {@code previousHash}. */
    public static AuditRow link(byte[] previousHash, AuditRow numbered) {
        return numbered.withHash(ChainHash.link(previousHash, numbered));
    }
}
