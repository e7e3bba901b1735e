package sos.ingest.domain.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs an action at most once per (scope, Idempotency-Key) and remembers its result for a while, in memory and bounded:
 * the same key with the same request fingerprint replays the stored result, the same key with another fingerprint is a
 * conflict. A duplicate that arrives while the first is still running waits for the first's result instead of running
 * again. Results the caller does not want kept (e.g. "broker unavailable", which a retry should re-attempt) are handed to
 * the waiters of that moment and then forgotten.
 *
 * <p>The store itself is in memory; {@link #remember} feeds it the results other instances (or this one before a
 * restart) produced, so that every instance answers a retry the same way once it has seen the first answer.
 */
public final class IdempotencyStore<R> {

    private final Clock clock;
    private final Duration ttl;
    private final int maxEntries;
    private final Duration waitForFirst;
    private final LinkedHashMap<String, Entry<R>> entries = new LinkedHashMap<>();

    public IdempotencyStore(Clock clock, Duration ttl, int maxEntries, Duration waitForFirst) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        this.clock = clock;
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.waitForFirst = waitForFirst;
    }

    /**
     * @param fingerprint what identifies the request's content (a hash of the body)
     * @param keep whether a result is stored for replay
     */
    public Outcome<R> execute(String scope, String key, byte[] fingerprint, Supplier<R> action, Predicate<R> keep) {
        String id = scope + '\n' + key;
        Entry<R> mine;
        Entry<R> existing;
        synchronized (entries) {
            Instant now = clock.instant();
            evictExpired(now);
            existing = entries.get(id);
            if (existing != null && !existing.createdAt.plus(ttl).isAfter(now)) {
                // remembered from another instance out of order, so not yet evicted: expired all the same
                entries.remove(id);
                existing = null;
            }
            if (existing == null) {
                mine = new Entry<>(fingerprint.clone(), now, new CompletableFuture<>());
                entries.put(id, mine);
                trimToSize();
            } else {
                mine = null;
            }
        }
        if (existing != null) {
            return awaitExisting(existing, fingerprint);
        }
        R result;
        try {
            result = action.get();
        } catch (RuntimeException | Error e) {
            forget(id, mine);
            mine.result.completeExceptionally(e);
            throw e;
        }
        if (!keep.test(result)) {
            forget(id, mine);
        }
        mine.result.complete(result);
        return new Outcome.Executed<>(result);
    }

    /**
     * Remembers a result produced elsewhere (another instance, or this one before a restart) at {@code createdAt}, for
     * the rest of its time to live. A key already known here is left as it is.
     *
     * @return whether the result was remembered (false when known already or expired)
     */
    public boolean remember(String scope, String key, byte[] fingerprint, R result, Instant createdAt) {
        String id = scope + '\n' + key;
        synchronized (entries) {
            Instant now = clock.instant();
            if (!createdAt.plus(ttl).isAfter(now)) {
                return false;
            }
            evictExpired(now);
            if (entries.containsKey(id)) {
                return false;
            }
            entries.put(id, new Entry<>(fingerprint.clone(), createdAt, CompletableFuture.completedFuture(result)));
            trimToSize();
            return true;
        }
    }

    /** How many keys are remembered (including ones still running). */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private Outcome<R> awaitExisting(Entry<R> existing, byte[] fingerprint) {
        if (!Arrays.equals(existing.fingerprint, fingerprint)) {
            return new Outcome.Conflict<>();
        }
        try {
            return new Outcome.Replayed<>(existing.result.get(waitForFirst.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException | ExecutionException e) {
            return new Outcome.InProgress<>();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.InProgress<>();
        }
    }

    private void forget(String id, Entry<R> entry) {
        synchronized (entries) {
            entries.remove(id, entry);
        }
    }

    private void evictExpired(Instant now) {
        Iterator<Map.Entry<String, Entry<R>>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Entry<R> eldest = it.next().getValue();
            if (eldest.createdAt.plus(ttl).isAfter(now)) {
                return;
            }
            it.remove();
        }
    }

    private void trimToSize() {
        Iterator<String> it = entries.keySet().iterator();
        while (entries.size() > maxEntries && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    private record Entry<R>(byte[] fingerprint, Instant createdAt, CompletableFuture<R> result) {}

    /** What became of a request. */
    public sealed interface Outcome<R> {

        /** The key was new (or forgotten): the action ran now. */
        record Executed<R>(R result) implements Outcome<R> {}

        /** The same key and fingerprint were seen before: this is the earlier result, and the action did not run. */
        record Replayed<R>(R result) implements Outcome<R> {}

        /** The key was used before with another fingerprint; the action did not run. */
        record Conflict<R>() implements Outcome<R> {}

        /** The first request with this key is still running (or failed unexpectedly); the action did not run. */
        record InProgress<R>() implements Outcome<R> {}
    }
}
