package sos.audit.domain;

import sos.contracts.EventJson;
import sos.contracts.SosEvent;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * PostgreSQL keeps a payload as {@code jsonb}, which reorders its fields. Shown to analysts, a payload is written back
 * in the wire format's field order, but only when that changes nothing else: a payload this version cannot reproduce
 * exactly (a newer event type or field) is shown as stored.
 */
public final class EventPayloads {

    private EventPayloads() {}

    public static String canonical(String stored) {
        try {
            JsonNode storedTree = EventJson.mapper().readTree(stored);
            SosEvent event = EventJson.mapper().treeToValue(storedTree, SosEvent.class);
            String canonical = EventJson.toJson(event);
            return EventJson.mapper().readTree(canonical).equals(storedTree) ? canonical : stored;
        } catch (JacksonException | IllegalArgumentException | NullPointerException notAnEventOfThisVersion) {
            return stored;
        }
    }
}
