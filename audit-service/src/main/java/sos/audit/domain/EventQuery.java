package sos.audit.domain;

import java.util.Objects;

/**
 * A page of filtered events by keyset on seq: after {@code afterSeq} (oldest first), before {@code beforeSeq}, or,
 * with neither, the latest ones. Pages are always returned in seq order.
 */
public record EventQuery(EventFilter filter, Long afterSeq, Long beforeSeq, int limit) {

    public EventQuery {
        Objects.requireNonNull(filter, "filter");
    }

    /** Whether the page is taken from the newest end (before a seq, or the latest). */
    public boolean newestFirst() {
        return afterSeq == null;
    }
}
