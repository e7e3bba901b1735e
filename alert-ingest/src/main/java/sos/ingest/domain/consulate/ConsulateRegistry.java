package sos.ingest.domain.consulate;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The consulates allowed to raise alerts, from configuration. Consulate ids and key ids are unique across the whole
 * registry, so that a key id alone names its consulate. Disabled keys (blank secret) are not found.
 */
public final class ConsulateRegistry {

    private final Map<String, Consulate> byId = new LinkedHashMap<>();
    private final Map<String, KeyHolder> byKeyId = new HashMap<>();

    public ConsulateRegistry(List<Consulate> consulates) {
        Map<String, String> keyOwners = new HashMap<>();
        for (Consulate consulate : consulates) {
            if (byId.putIfAbsent(consulate.id(), consulate) != null) {
                throw new IllegalArgumentException("consulate " + consulate.id() + " is registered twice");
            }
            for (ApiKey key : consulate.keys()) {
                String owner = keyOwners.putIfAbsent(key.id(), consulate.id());
                if (owner != null) {
                    throw new IllegalArgumentException(
                            "key id " + key.id() + " is used by both " + owner + " and " + consulate.id());
                }
                if (key.enabled()) {
                    byKeyId.put(key.id(), new KeyHolder(consulate, key));
                }
            }
        }
    }

    /** The enabled key with this id and the consulate it belongs to. */
    public Optional<KeyHolder> findKey(String keyId) {
        return keyId == null ? Optional.empty() : Optional.ofNullable(byKeyId.get(keyId));
    }

    public Optional<Consulate> find(String consulateId) {
        return Optional.ofNullable(byId.get(consulateId));
    }

    public List<Consulate> consulates() {
        return List.copyOf(byId.values());
    }

    public int enabledKeyCount() {
        return byKeyId.size();
    }

    /** A key and its consulate. */
    public record KeyHolder(Consulate consulate, ApiKey key) {}
}
