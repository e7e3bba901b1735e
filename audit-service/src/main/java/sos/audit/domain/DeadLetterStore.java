package sos.audit.domain;

import java.util.List;

/** Where dead letters are kept: each (topic, partition, offset) once, append-only. */
public interface DeadLetterStore {

    /** Stores the dead letters in one transaction; those already on record are skipped. */
    void append(List<DeadLetter> deadLetters);

    /** Up to {@code limit} dead letters with an id above {@code afterId}, oldest first. */
    List<DeadLetter> after(long afterId, int limit);
}
