package sos.dispatch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The control-room board's sessions, in memory: a random id (the cookie) per signed-in operator, with a random CSRF
 * token. A session ends after {@link #IDLE} without a request, after {@link #MAX_AGE} in any case, or at sign-out.
 */
@Component
final class BoardSessions {

    static final Duration IDLE = Duration.ofHours(1);
    static final Duration MAX_AGE = Duration.ofHours(12);
    private static final int MAX_SESSIONS = 1_000;

    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Session> sessions = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
            return size() > MAX_SESSIONS;
        }
    };

    /** A signed-in operator; {@code toString()} shows neither the id nor the CSRF token. */
    record Session(String id, String csrfToken, String operator, Instant createdAt, Instant[] lastSeenAt) {

        boolean csrfMatches(String presented) {
            return presented != null
                    && MessageDigest.isEqual(
                            csrfToken.getBytes(StandardCharsets.US_ASCII),
                            presented.getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public String toString() {
            return "Session[" + operator + "]";
        }
    }

    synchronized Session start(String operator) {
        Instant now = clock.instant();
        Session session = new Session(token(), token(), operator, now, new Instant[] {now});
        sessions.put(session.id(), session);
        return session;
    }

    synchronized Optional<Session> find(String id) {
        Session session = id == null ? null : sessions.get(id);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (session.lastSeenAt()[0].plus(IDLE).isBefore(now)
                || session.createdAt().plus(MAX_AGE).isBefore(now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        session.lastSeenAt()[0] = now;
        return Optional.of(session);
    }

    synchronized void end(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
