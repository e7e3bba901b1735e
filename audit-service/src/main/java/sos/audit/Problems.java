package sos.audit;

import java.net.URI;

/** The stable problem types this service answers with (RFC 9457). */
final class Problems {

    private static final String BASE = "https://sos.karachi.example/problems/";

    static final URI UNAUTHORIZED = URI.create(BASE + "unauthorized");
    static final URI ALERT_NOT_FOUND = URI.create(BASE + "alert-not-found");
    static final URI NO_CHECKPOINT = URI.create(BASE + "no-checkpoint");
    static final URI CHAIN_BROKEN = URI.create(BASE + "chain-broken");
    static final URI FORBIDDEN = URI.create(BASE + "forbidden");
    static final URI VALIDATION = URI.create(BASE + "validation");
    static final URI UNAVAILABLE = URI.create(BASE + "unavailable");
    static final URI INTERNAL = URI.create(BASE + "internal");

    private Problems() {}
}
