package sos.bench.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The proof after a chaos run, from what the client was told, what the audit trail holds and what the recipients
 * received: for every alert that got a 202, exactly one {@code AlertRaised}, exactly one dispatch decision, and exactly
 * one notification (by {@code SOS-Delivery-Id}) per recipient the routing names. Pure: the caller reads the trail and
 * the receiver, and computes the routed recipients.
 */
final class Verification {

    /** A request of the run (its number is in the alert's description); {@code alertId} is null without a 202. */
    record Request(int number, String alertId, String outcome) {
        boolean accepted() {
            return alertId != null;
        }
    }

    /** An {@code AlertRaised} in the audit trail, with the request number read from its description (-1: none). */
    record Raised(String alertId, int requestNumber) {}

    /** A {@code UnitsAssigned} in the audit trail. */
    record Decision(String alertId, String eventId, int assigned, int requested) {}

    /** An {@code AlertEscalated} in the audit trail. */
    record Escalation(String alertId, String eventId, String cause) {}

    /** A webhook the receiver accepted: the subject event's alert and type, the recipient, the delivery id. */
    record Delivery(String alertId, String eventType, String recipientId, String deliveryId, int assignments) {}

    /** Who the routing sends one event of an alert to. */
    record Expected(String alertId, String eventType, Set<String> recipients) {}

    /** One line of the proof. */
    record Check(String name, long expected, long found, long lost, long duplicated, List<String> examples) {
        boolean passed() {
            return lost == 0 && duplicated == 0;
        }
    }

    record Report(List<Check> checks, List<String> notes) {
        boolean passed() {
            return checks.stream().allMatch(Check::passed);
        }
    }

    static final String NO_UNIT_AVAILABLE = "NO_UNIT_AVAILABLE";
    private static final int EXAMPLES = 5;

    private Verification() {}

    static Report verify(
            List<Request> requests,
            List<Raised> raised,
            List<Decision> decisions,
            List<Escalation> escalations,
            List<Expected> expected,
            List<Delivery> deliveries) {
        List<Check> checks = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        checks.add(raisedOnce(requests, raised, notes));
        Set<String> accepted = new HashSet<>();
        requests.stream().filter(Request::accepted).forEach(r -> accepted.add(r.alertId()));
        checks.add(decidedOnce(accepted, decisions, notes));
        checks.add(escalatedWhenNoUnit(accepted, decisions, escalations));
        checks.addAll(notifiedOnce(expected, deliveries, notes));
        return new Report(checks, notes);
    }

    private static Check raisedOnce(List<Request> requests, List<Raised> raised, List<String> notes) {
        Map<Integer, List<String>> byNumber = new HashMap<>();
        long foreign = 0;
        for (Raised r : raised) {
            if (r.requestNumber() < 0) {
                foreign++;
            } else {
                byNumber.computeIfAbsent(r.requestNumber(), n -> new ArrayList<>())
                        .add(r.alertId());
            }
        }
        long expected = 0;
        long found = 0;
        long lost = 0;
        long duplicated = 0;
        long storedWithout202 = 0;
        long without202 = 0;
        List<String> examples = new ArrayList<>();
        for (Request request : requests) {
            List<String> rows = byNumber.getOrDefault(request.number(), List.of());
            if (!request.accepted()) {
                without202++;
                if (!rows.isEmpty()) {
                    storedWithout202++;
                }
                if (rows.size() > 1) {
                    duplicated += rows.size() - 1;
                    example(examples, "request " + request.number() + " (no 202): " + rows.size() + " AlertRaised");
                }
                continue;
            }
            expected++;
            boolean present = rows.contains(request.alertId());
            if (present) {
                found++;
            } else {
                lost++;
                example(examples, "request " + request.number() + ": no AlertRaised of " + request.alertId());
            }
            long extra = rows.size() - (present ? 1 : 0);
            if (extra > 0) {
                duplicated += extra;
                example(examples, "request " + request.number() + ": " + rows.size() + " AlertRaised " + rows);
            }
        }
        notes.add(String.format(
                "requests without a 202 (refused or given up): %d; of them stored anyway (on record, dispatched, but"
                        + " the client was never told): %d",
                without202, storedWithout202));
        if (foreign > 0) {
            notes.add("AlertRaised in the trail that no request of this run made: " + foreign);
        }
        return new Check("AlertRaised in the audit trail", expected, found, lost, duplicated, examples);
    }

    private static Check decidedOnce(Set<String> accepted, List<Decision> decisions, List<String> notes) {
        Map<String, List<Decision>> byAlert = new HashMap<>();
        decisions.forEach(d ->
                byAlert.computeIfAbsent(d.alertId(), a -> new ArrayList<>()).add(d));
        long found = 0;
        long lost = 0;
        long duplicated = 0;
        long full = 0;
        long partial = 0;
        long none = 0;
        List<String> examples = new ArrayList<>();
        for (String alertId : accepted) {
            List<Decision> of = byAlert.getOrDefault(alertId, List.of());
            if (of.isEmpty()) {
                lost++;
                example(examples, "no UnitsAssigned for " + alertId);
                continue;
            }
            found++;
            if (of.size() > 1) {
                duplicated += of.size() - 1;
                example(examples, of.size() + " UnitsAssigned for " + alertId);
            }
            Decision first = of.get(0);
            if (first.assigned() == 0) {
                none++;
            } else if (first.assigned() < first.requested()) {
                partial++;
            } else {
                full++;
            }
        }
        notes.add(String.format(
                "dispatch decisions: %d with every requested unit, %d with some of them, %d with no unit free"
                        + " (escalated, see below)",
                full, partial, none));
        return new Check("dispatch decision (UnitsAssigned)", accepted.size(), found, lost, duplicated, examples);
    }

    private static Check escalatedWhenNoUnit(
            Set<String> accepted, List<Decision> decisions, List<Escalation> escalations) {
        Map<String, Long> noUnit = new HashMap<>();
        for (Escalation e : escalations) {
            if (NO_UNIT_AVAILABLE.equals(e.cause())) {
                noUnit.merge(e.alertId(), 1L, Long::sum);
            }
        }
        Set<String> seen = new HashSet<>();
        long expected = 0;
        long found = 0;
        long lost = 0;
        long duplicated = 0;
        List<String> examples = new ArrayList<>();
        for (Decision d : decisions) {
            if (!accepted.contains(d.alertId()) || d.assigned() > 0 || d.requested() == 0 || !seen.add(d.alertId())) {
                continue;
            }
            expected++;
            long count = noUnit.getOrDefault(d.alertId(), 0L);
            if (count == 0) {
                lost++;
                example(examples, "no AlertEscalated NO_UNIT_AVAILABLE for " + d.alertId());
            } else {
                found++;
                if (count > 1) {
                    duplicated += count - 1;
                    example(examples, count + " AlertEscalated NO_UNIT_AVAILABLE for " + d.alertId());
                }
            }
        }
        return new Check("escalation when no unit was free", expected, found, lost, duplicated, examples);
    }

    private static List<Check> notifiedOnce(List<Expected> expected, List<Delivery> deliveries, List<String> notes) {
        // (alert, event type, recipient) -> distinct delivery ids
        Map<String, Set<String>> received = new HashMap<>();
        Map<String, Long> receivedTimes = new HashMap<>();
        for (Delivery d : deliveries) {
            received.computeIfAbsent(key(d.alertId(), d.eventType(), d.recipientId()), k -> new HashSet<>())
                    .add(d.deliveryId());
            receivedTimes.merge(d.deliveryId(), 1L, Long::sum);
        }
        Map<String, long[]> tallies = new java.util.LinkedHashMap<>(); // expected, found, lost, duplicated
        Map<String, List<String>> examples = new HashMap<>();
        Set<String> expectedKeys = new HashSet<>();
        for (Expected e : expected) {
            long[] tally = tallies.computeIfAbsent(e.eventType(), t -> new long[4]);
            List<String> ex = examples.computeIfAbsent(e.eventType(), t -> new ArrayList<>());
            for (String recipient : e.recipients()) {
                String key = key(e.alertId(), e.eventType(), recipient);
                expectedKeys.add(key);
                Set<String> ids = received.getOrDefault(key, Set.of());
                tally[0]++;
                if (ids.isEmpty()) {
                    tally[2]++;
                    example(ex, recipient + " never got " + e.eventType() + " of " + e.alertId());
                } else {
                    tally[1]++;
                    if (ids.size() > 1) {
                        tally[3] += ids.size() - 1;
                        example(
                                ex,
                                recipient + " got " + e.eventType() + " of " + e.alertId() + " under " + ids.size()
                                        + " delivery ids");
                    }
                }
            }
        }
        List<Check> checks = new ArrayList<>();
        tallies.forEach((type, t) -> checks.add(new Check(
                "notifications of " + type + ", one per routed recipient",
                t[0],
                t[1],
                t[2],
                t[3],
                examples.get(type))));
        Map<String, Long> unexpected = new java.util.TreeMap<>();
        for (String key : received.keySet()) {
            if (!expectedKeys.contains(key)) {
                String[] parts = key.split("\n");
                unexpected.merge(parts[1] + " to " + parts[2], 1L, Long::sum);
            }
        }
        if (!unexpected.isEmpty()) {
            notes.add("notifications the routing did not call for (not counted above): " + unexpected);
        }
        long again = receivedTimes.values().stream()
                .filter(n -> n > 1)
                .mapToLong(n -> n - 1)
                .sum();
        notes.add("webhooks received again with a delivery id already received (at-least-once; a recipient drops"
                + " them by SOS-Delivery-Id, so they are not duplicates): " + again);
        return checks;
    }

    private static String key(String alertId, String eventType, String recipient) {
        return alertId + "\n" + eventType + "\n" + recipient;
    }

    private static void example(List<String> examples, String example) {
        if (examples.size() < EXAMPLES) {
            examples.add(example);
        }
    }
}
