package sos.audit;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import sos.audit.domain.Caller;

/**
 * The explorer's sign-in sessions, in this instance's memory: a session stands for the caller whose token was presented
 * at sign-in (the token itself is not kept). A session ends when signed out, after {@link #IDLE} without a request, or
 * {@link #LIFETIME} after sign-in; a restart ends them all (analysts sign in again).
 */
@Component
class ExplorerSessions {

    static final Duration IDLE = Duration.ofMinutes(30);
    static final Duration LIFETIME = Duration.ofHours(8);
    /** Bounds the memory sessions take; sign-in beyond it is refused until sessions expire. */
    static final int MAX_SESSIONS = 10_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * @param csrfToken the token every form of this session posts back ({@code _csrf})
     */
    record Session(String id, Caller caller, String csrfToken, Instant signedInAt, Instant lastSeen) {

        boolean expiredAt(Instant now) {
            return now.isAfter(lastSeen.plus(IDLE)) || now.isAfter(signedInAt.plus(LIFETIME));
        }

        boolean acceptsCsrf(String presented) {
            return presented != null && sameSecret(csrfToken, presented);
        }
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    ExplorerSessions(Clock clock) {
        this.clock = clock;
    }

    /** A new session for this caller (a new id each time: no session fixation); empty when too many are open. */
    Optional<Session> open(Caller caller) {
        Instant now = clock.instant();
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.values().removeIf(session -> session.expiredAt(now));
            if (sessions.size() >= MAX_SESSIONS) {
                return Optional.empty();
            }
        }
        Session session = new Session(randomToken(), caller, randomToken(), now, now);
        sessions.put(session.id(), session);
        return Optional.of(session);
    }

    /** The live session with this id, its idle time reset; empty when unknown or expired. */
    Optional<Session> find(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Session session = sessions.get(id);
        if (session == null) {
            return Optional.empty();
        }
        if (session.expiredAt(now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        Session touched = new Session(session.id(), session.caller(), session.csrfToken(), session.signedInAt(), now);
        sessions.put(id, touched);
        return Optional.of(touched);
    }

    void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** 256 random bits, base64url. */
    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Compares two secrets in time independent of where they differ. */
    static boolean sameSecret(String expected, String presented) {
        return MessageDigest.isEqual(
                expected.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                presented.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
