package sos.notification;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Tells an event's type from its JSON bytes without parsing them, where a reader wants only some of a topic. */
final class EventTypes {

    private static final byte[] TYPE_FIRST = "{\"eventType\":\"".getBytes(StandardCharsets.UTF_8);

    private EventTypes() {}

    /**
     * Events are written with their type first: a value that starts with another type is not one of {@code
     * eventType}; anything else (another layout, not JSON) may be, and is left for the parser to judge.
     */
    static boolean mayBe(byte[] value, String eventType) {
        byte[] prefix = ("{\"eventType\":\"" + eventType + "\"").getBytes(StandardCharsets.UTF_8);
        return startsWith(value, prefix) || !startsWith(value, TYPE_FIRST);
    }

    private static boolean startsWith(byte[] value, byte[] prefix) {
        return value.length >= prefix.length && Arrays.equals(value, 0, prefix.length, prefix, 0, prefix.length);
    }
}
