package sos.ingest.domain.auth;

import sos.ingest.domain.ProblemType;
import sos.ingest.domain.consulate.Consulate;

/** Who sent a request, or why we do not believe them. */
public sealed interface Authentication {

    /** The request was signed with an enabled key of this consulate. */
    record Authenticated(Consulate consulate, String keyId) implements Authentication {}

    /** The request is not authenticated; {@code detail} is safe to show to anyone. */
    record Denied(ProblemType problem, String detail) implements Authentication {}
}
