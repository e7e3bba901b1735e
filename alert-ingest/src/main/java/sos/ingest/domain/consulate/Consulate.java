package sos.ingest.domain.consulate;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A consulate that may raise alerts: its registered premises, its security contacts, the keys it signs requests with,
 * and the hashes of its alert PIN (cancels an alert) and duress PIN (looks like a cancel, escalates instead). At most
 * {@link #MAX_ACTIVE_KEYS} keys are enabled at once, so that a key can be rotated without downtime.
 *
 * @param alertPin may be null: alerts of this consulate cannot be cancelled through the API
 * @param duressPin may be null
 */
public record Consulate(
        String id,
        String name,
        String country,
        List<Premises> premises,
        List<ApiKey> keys,
        List<SecurityContact> contacts,
        PinHash alertPin,
        PinHash duressPin) {

    public static final int MAX_ACTIVE_KEYS = 2;

    public Consulate {
        requireText(id, "consulate id");
        requireText(name, "consulate name of " + id);
        premises = premises == null ? List.of() : List.copyOf(premises);
        keys = keys == null ? List.of() : List.copyOf(keys);
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
        Set<String> premisesIds = new HashSet<>();
        for (Premises p : premises) {
            if (!premisesIds.add(p.id())) {
                throw new IllegalArgumentException("consulate " + id + " lists premises " + p.id() + " twice");
            }
        }
        long active = keys.stream().filter(ApiKey::enabled).count();
        if (active > MAX_ACTIVE_KEYS) {
            throw new IllegalArgumentException("consulate " + id + " has " + active + " active keys; at most "
                    + MAX_ACTIVE_KEYS + " (revoke the old one after rotating)");
        }
    }

    public Consulate(String id, String name, String country, List<Premises> premises, List<ApiKey> keys) {
        this(id, name, country, premises, keys, List.of(), null, null);
    }

    public Optional<Premises> premises(String premisesId) {
        return premises.stream().filter(p -> p.id().equals(premisesId)).findFirst();
    }

    /** How a cancel PIN was recognised. */
    public enum PinMatch {
        ALERT,
        DURESS,
        NONE
    }

    /**
     * Checks a PIN against both the alert and the duress PIN, always doing both hash computations so the time taken does
     * not tell which matched.
     */
    public PinMatch checkPin(String pin) {
        boolean alert = alertPin != null && alertPin.matches(pin);
        boolean duress = duressPin != null && duressPin.matches(pin);
        if (duress) {
            return PinMatch.DURESS;
        }
        return alert ? PinMatch.ALERT : PinMatch.NONE;
    }

    @Override
    public String toString() {
        return "Consulate[id=" + id + ", name=" + name + "]";
    }

    static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
