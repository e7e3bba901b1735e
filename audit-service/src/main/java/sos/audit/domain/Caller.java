package sos.audit.domain;

import java.util.Objects;

/**
 * Who is asking: an analyst, an admin, or one consulate (which sees only its own alerts' records).
 *
 * @param principal how the query log names the caller: role, consulate, and a fingerprint of the credential (the first
 *     8 hex digits of its SHA-256), never the credential itself
 * @param consulateId for {@link Role#CONSULATE} only
 */
public record Caller(Role role, String consulateId, String principal) {

    public enum Role {
        ANALYST,
        ADMIN,
        CONSULATE
    }

    public Caller {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(principal, "principal");
        if ((role == Role.CONSULATE) != (consulateId != null)) {
            throw new IllegalArgumentException("a consulate id goes with the consulate role, and only with it");
        }
    }

    public boolean isConsulate() {
        return role == Role.CONSULATE;
    }

    /** The filter this caller may run: a consulate's is narrowed to its own alerts. */
    public EventFilter scope(EventFilter filter) {
        return isConsulate() ? filter.onlyConsulate(consulateId) : filter;
    }

    /** The consulate a query is about: a consulate's own, whatever it asked for (asking for another is refused). */
    public String scopeConsulate(String requested) {
        if (!isConsulate()) {
            return requested;
        }
        if (requested != null && !requested.equals(consulateId)) {
            throw new ForbiddenQueryException("a consulate sees only its own alerts' records");
        }
        return consulateId;
    }
}
