package sos.ingest.domain.panel;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The panel's signed-in sessions, in memory: a random id (the cookie) and a random CSRF token per session. A session
 * ends after {@code idle} without a request, after {@code maxAge} in any case, or when its user signs out. Bounded:
 * the oldest sessions go first.
 */
public final class PanelSessions {

    private static final int MAX_SESSIONS = 10_000;

    private final SecureRandom random = new SecureRandom();
    private final Duration idle;
    private final Duration maxAge;
    private final Map<String, Session> sessions = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
            return size() > MAX_SESSIONS;
        }
    };

    public PanelSessions(Duration idle, Duration maxAge) {
        this.idle = idle;
        this.maxAge = maxAge;
    }

    /** One signed-in user. {@code toString()} shows neither the id nor the CSRF token. */
    public static final class Session {
        private final String id;
        private final String csrfToken;
        private final PanelUser user;
        private final Instant createdAt;
        private volatile Instant lastSeenAt;

        Session(String id, String csrfToken, PanelUser user, Instant createdAt) {
            this.id = id;
            this.csrfToken = csrfToken;
            this.user = user;
            this.createdAt = createdAt;
            this.lastSeenAt = createdAt;
        }

        public String id() {
            return id;
        }

        public String csrfToken() {
            return csrfToken;
        }

        public PanelUser user() {
            return user;
        }

        /** The CSRF token presented with a request is this session's, compared in constant time. */
        public boolean csrfMatches(String presented) {
            return presented != null
                    && MessageDigest.isEqual(
                            csrfToken.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                            presented.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }

        @Override
        public String toString() {
            return "Session[" + user.username() + "]";
        }
    }

    public synchronized Session start(PanelUser user, Instant now) {
        Session session = new Session(token(), token(), user, now);
        sessions.put(session.id(), session);
        return session;
    }

    /** The live session with this id; an expired one is ended. */
    public synchronized Optional<Session> find(String id, Instant now) {
        if (id == null) {
            return Optional.empty();
        }
        Session session = sessions.get(id);
        if (session == null) {
            return Optional.empty();
        }
        if (session.lastSeenAt.plus(idle).isBefore(now)
                || session.createdAt.plus(maxAge).isBefore(now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        session.lastSeenAt = now;
        return Optional.of(session);
    }

    public synchronized void end(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    public Duration maxAge() {
        return maxAge;
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
