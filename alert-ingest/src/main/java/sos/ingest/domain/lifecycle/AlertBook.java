package sos.ingest.domain.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import sos.contracts.AlertCancelled;
import sos.contracts.AlertLifecycleEvent;
import sos.contracts.AlertLocationUpdated;
import sos.contracts.AlertRaised;
import sos.contracts.AlertRepeatPressed;
import sos.contracts.DuressSignalled;
import sos.ingest.domain.intake.AlertPublisher.Receipt;

/**
 * The alerts of the recent past, folded from {@code sos.alerts}: the events this instance wrote (at once, so that a
 * consulate reads its own writes) and every event of the topic (so that all instances converge, and a restarted
 * instance rebuilds its view). Applying an event twice changes nothing. Bounded: the least recently raised alerts are
 * forgotten first.
 */
public final class AlertBook {

    private static final int SEEN_EVENTS_PER_ALERT = 64;

    private final int maxAlerts;
    private final Map<UUID, Entry> alerts;
    /** Resolutions of alerts whose raise has not been read yet; bounded like the alerts. */
    private final Map<UUID, Instant> resolvedEarly;
    /**
     * The open alerts of each consulate, kept with every change of state: a press and a list of open alerts look only at
     * the consulate's own (a scan of the whole book, up to {@code maxAlerts} entries, made every press cost
     * milliseconds of CPU under the book's lock once the book was full).
     */
    private final Map<String, Set<Entry>> openByConsulate = new HashMap<>();

    public AlertBook(int maxAlerts) {
        if (maxAlerts < 1) {
            throw new IllegalArgumentException("maxAlerts must be at least 1");
        }
        this.maxAlerts = maxAlerts;
        this.alerts = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Entry> eldest) {
                if (size() > AlertBook.this.maxAlerts) {
                    unindex(eldest.getValue());
                    return true;
                }
                return false;
            }
        };
        this.resolvedEarly = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Instant> eldest) {
                return size() > AlertBook.this.maxAlerts;
            }
        };
    }

    /** An event read from the topic (or written by this instance and acknowledged). */
    public synchronized void apply(AlertLifecycleEvent event) {
        apply(event, Receipt.confirmed());
    }

    /**
     * An event this instance is writing: visible at once. A new alert's {@code stored} receipt is kept so that a repeat
     * press attached to it can wait for the alert itself to be stored.
     */
    public synchronized void apply(AlertLifecycleEvent event, Receipt stored) {
        Entry entry = alerts.get(event.alertId());
        if (entry != null && !entry.seen(event.eventId())) {
            if (event instanceof AlertRaised && stored == Receipt.CONFIRMED) {
                // the raise read back from the broker: stored, so its pending send (the record, its headers and
                // metadata) need not stay alive as long as the alert is in the book
                entry.stored = Receipt.CONFIRMED;
            }
            return;
        }
        if (event instanceof AlertRaised raised) {
            if (entry == null) {
                Entry created = new Entry(
                        new AlertState(
                                raised.alertId(),
                                raised.consulateId(),
                                raised.type(),
                                raised.severity(),
                                raised.location(),
                                raised.accuracyMeters(),
                                raised.drill(),
                                raised.occurredAt(),
                                AlertState.Status.OPEN,
                                1,
                                raised.occurredAt(),
                                raised.occurredAt()),
                        stored);
                created.seen(raised.eventId());
                Instant resolvedAt = resolvedEarly.remove(raised.alertId());
                if (resolvedAt != null) {
                    created.state = created.state.with(AlertState.Status.RESOLVED, resolvedAt);
                }
                alerts.put(raised.alertId(), created);
                index(created);
            }
        } else if (entry == null) {
            return; // an alert raised before the window this instance read, or forgotten
        } else if (event instanceof AlertLocationUpdated located) {
            entry.state = entry.state.located(located.location(), located.accuracyMeters(), located.occurredAt());
        } else if (event instanceof AlertRepeatPressed pressed) {
            entry.state = entry.state.pressed(pressed.pressCount(), pressed.location(), pressed.occurredAt());
        } else if (event instanceof AlertCancelled cancelled) {
            if (entry.state.status() == AlertState.Status.OPEN) {
                close(entry, entry.state.with(AlertState.Status.CANCELLED, cancelled.occurredAt()));
            }
        } else if (event instanceof DuressSignalled duress) {
            close(entry, entry.state.with(AlertState.Status.DURESS, duress.occurredAt()));
        }
    }

    /**
     * The alert was resolved on dispatch's topic: it is closed, so that a new press of the consulate opens a new alert
     * instead of being attached to this one (and never dispatched). Only an open alert becomes resolved: a cancelled one
     * stays cancelled, and one cancelled under duress keeps looking cancelled. A resolution read before the alert's own
     * raise (the two topics are read apart) is kept and applied when the raise comes.
     */
    public synchronized void resolved(UUID alertId, Instant at) {
        Entry entry = alerts.get(alertId);
        if (entry == null) {
            resolvedEarly.put(alertId, at);
        } else if (entry.state.status() == AlertState.Status.OPEN) {
            close(entry, entry.state.with(AlertState.Status.RESOLVED, at));
        }
    }

    /** Forgets an alert whose raise was not acknowledged (the consulate got 503 and will retry). */
    public synchronized void forget(UUID alertId) {
        Entry removed = alerts.remove(alertId);
        if (removed != null) {
            unindex(removed);
        }
    }

    /** The alert, only if it belongs to this consulate. */
    public synchronized Optional<AlertState> find(String consulateId, UUID alertId) {
        Entry entry = alerts.get(alertId);
        return entry != null && entry.state.consulateId().equals(consulateId)
                ? Optional.of(entry.state)
                : Optional.empty();
    }

    /** The consulate's open alerts, newest first. */
    public synchronized List<AlertState> open(String consulateId) {
        return openByConsulate.getOrDefault(consulateId, Set.of()).stream()
                .map(e -> e.state)
                .sorted(Comparator.comparing(AlertState::raisedAt).reversed())
                .toList();
    }

    /**
     * The open alert a new press of this consulate belongs to: the most recently pressed open alert of the same kind
     * (drill or live) whose last press was less than {@code window} ago. Reserves the next press number on it.
     */
    public synchronized Optional<RepeatTarget> pressAgain(
            String consulateId, boolean drill, Instant now, Duration window) {
        if (window.isZero() || window.isNegative()) {
            return Optional.empty(); // every press opens an alert of its own
        }
        Instant since = now.minus(window);
        Entry target = null;
        for (Entry entry : openByConsulate.getOrDefault(consulateId, Set.of())) {
            AlertState s = entry.state;
            if (s.open()
                    && s.drill() == drill
                    && s.lastPressAt().isAfter(since)
                    && (target == null || raisedBefore(s, target.state))) {
                target = entry;
            }
        }
        if (target == null) {
            return Optional.empty();
        }
        target.reservedPresses = Math.max(target.reservedPresses, target.state.pressCount()) + 1;
        target.state = target.state.pressed(target.state.pressCount(), null, now);
        return Optional.of(new RepeatTarget(target.state, target.reservedPresses, target.stored));
    }

    /**
     * Normally a consulate has one open alert within the window. Two only when two instances raised one each in the
     * same moment (the view's lag): then every instance attaches further presses to the same one, the first raised.
     */
    private static boolean raisedBefore(AlertState a, AlertState b) {
        int byTime = a.raisedAt().compareTo(b.raisedAt());
        return byTime != 0 ? byTime < 0 : a.alertId().compareTo(b.alertId()) < 0;
    }

    public synchronized int size() {
        return alerts.size();
    }

    /** The entry's state changes from open to closed (cancelled, duress, resolved). */
    private void close(Entry entry, AlertState closed) {
        entry.state = closed;
        unindex(entry);
    }

    private void index(Entry entry) {
        if (entry.state.open()) {
            openByConsulate
                    .computeIfAbsent(entry.state.consulateId(), id -> new HashSet<>())
                    .add(entry);
        }
    }

    private void unindex(Entry entry) {
        Set<Entry> open = openByConsulate.get(entry.state.consulateId());
        if (open != null && open.remove(entry) && open.isEmpty()) {
            openByConsulate.remove(entry.state.consulateId());
        }
    }

    /** The open alert a press is attached to, the press's number, and the alert's own pending acknowledgement. */
    public record RepeatTarget(AlertState alert, int pressCount, Receipt alertStored) {}

    /**
     * One alert of the book. Up to 100,000 of them stay alive, so each is kept small: the ids of its last events are an
     * array that grows with them (most alerts have one or two) up to {@link #SEEN_EVENTS_PER_ALERT}, then overwrites the
     * oldest.
     */
    private static final class Entry {
        private AlertState state;
        private Receipt stored;
        private int reservedPresses;
        private UUID[] seen = new UUID[1];
        private int seenCount;

        Entry(AlertState state, Receipt stored) {
            this.state = state;
            this.stored = stored;
        }

        /** Records an event id; false when it was seen already (among the last {@code SEEN_EVENTS_PER_ALERT}). */
        boolean seen(UUID eventId) {
            int kept = Math.min(seenCount, seen.length);
            for (int i = 0; i < kept; i++) {
                if (seen[i].equals(eventId)) {
                    return false;
                }
            }
            if (seenCount == seen.length && seen.length < SEEN_EVENTS_PER_ALERT) {
                seen = java.util.Arrays.copyOf(seen, Math.min(seen.length * 2, SEEN_EVENTS_PER_ALERT));
            }
            seen[seenCount % seen.length] = eventId;
            seenCount++;
            return true;
        }
    }
}
