package sos.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapping of events on the wire. Unknown properties are ignored so that readers tolerate newer writers. */
public final class EventJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private EventJson() {}

    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static byte[] toBytes(SosEvent event) {
        return MAPPER.writerFor(SosEvent.class).writeValueAsBytes(event);
    }

    public static String toJson(SosEvent event) {
        return MAPPER.writerFor(SosEvent.class).writeValueAsString(event);
    }

    public static SosEvent fromBytes(byte[] json) {
        return MAPPER.readValue(json, SosEvent.class);
    }

    public static SosEvent fromJson(String json) {
        return MAPPER.readValue(json, SosEvent.class);
    }
}
