package sos.ingest.domain.panel;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The panel's accounts and their sign-in: a password checked against its PBKDF2 hash, and a lockout per username
 * after {@code maxFailures} wrong passwords within {@code lockout} (the account then refuses every password, the right
 * one too, until the oldest failure is {@code lockout} old). Unknown usernames cost the same hash computation and are
 * counted the same way, so neither the time nor the answer tells whether an account exists.
 */
public final class PanelUsers {

    private static final int MAX_TRACKED_NAMES = 10_000;

    private final Map<String, PanelUser> users = new LinkedHashMap<>();
    private final int maxFailures;
    private final Duration lockout;
    private final PasswordHash decoy;
    private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
            return size() > MAX_TRACKED_NAMES;
        }
    };

    public PanelUsers(List<PanelUser> users, int maxFailures, Duration lockout, int iterations) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1");
        }
        for (PanelUser user : users) {
            if (this.users.putIfAbsent(key(user.username()), user) != null) {
                throw new IllegalArgumentException("panel user " + user.username() + " is listed twice");
            }
        }
        this.maxFailures = maxFailures;
        this.lockout = lockout;
        this.decoy = PasswordHash.of("decoy-password-never-matches", iterations, new SecureRandom());
    }

    /** What a sign-in came to. */
    public sealed interface SignIn {

        record SignedIn(PanelUser user) implements SignIn {}

        /** Wrong username or password (the same for both). */
        record Refused() implements SignIn {}

        /** Too many wrong passwords: no password is checked until {@code retryAfter} has passed. */
        record Locked(Duration retryAfter) implements SignIn {}
    }

    public SignIn signIn(String username, String password, Instant now) {
        String name = key(username == null ? "" : username);
        Optional<Duration> locked = lockedFor(name, now);
        if (locked.isPresent()) {
            return new SignIn.Locked(locked.get());
        }
        PanelUser user = users.get(name);
        boolean matches = (user == null ? decoy : user.password()).matches(password) && user != null;
        if (!matches) {
            failed(name, now);
            return new SignIn.Refused();
        }
        synchronized (failures) {
            failures.remove(name);
        }
        return new SignIn.SignedIn(user);
    }

    public int size() {
        return users.size();
    }

    private Optional<Duration> lockedFor(String name, Instant now) {
        synchronized (failures) {
            Deque<Instant> times = failures.get(name);
            if (times == null) {
                return Optional.empty();
            }
            Instant since = now.minus(lockout);
            while (!times.isEmpty() && !times.peekFirst().isAfter(since)) {
                times.pollFirst();
            }
            if (times.size() < maxFailures) {
                return Optional.empty();
            }
            return Optional.of(Duration.between(since, times.peekFirst()));
        }
    }

    private void failed(String name, Instant now) {
        synchronized (failures) {
            failures.computeIfAbsent(name, n -> new ArrayDeque<>()).addLast(now);
        }
    }

    private static String key(String username) {
        return username.toLowerCase(java.util.Locale.ROOT);
    }
}
