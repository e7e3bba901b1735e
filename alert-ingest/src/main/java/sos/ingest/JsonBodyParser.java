package sos.ingest;

import java.util.Map;
import org.springframework.stereotype.Component;
import sos.ingest.domain.intake.BodyParser;
import sos.ingest.domain.intake.MalformedBodyException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Strict JSON: one object, no trailing content, no duplicate property names (the signature covers the raw bytes, so
 * the bytes must have exactly one meaning).
 */
@Component
final class JsonBodyParser implements BodyParser {

    private static final int MAX_MESSAGE = 300;
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Reads the body once, straight into plain Java values (no tree in between). */
    @Override
    public Map<String, Object> parse(byte[] body) throws MalformedBodyException {
        if (isBlank(body)) {
            throw new MalformedBodyException("The body is empty; send one JSON object.");
        }
        Object value;
        try {
            value = MAPPER.readValue(body, Object.class);
        } catch (JacksonException e) {
            throw new MalformedBodyException(describe(e));
        }
        if (!(value instanceof Map<?, ?> object)) {
            throw new MalformedBodyException("The body must be one JSON object, not " + kind(value) + ".");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) object;
        return typed;
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static String kind(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof java.util.List<?>) {
            return "array";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        return "number";
    }

    private static String describe(JacksonException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "…";
        }
        TokenStreamLocation at = e.getLocation();
        String where =
                at == null || at.getLineNr() < 0 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return "The body is not valid JSON" + where + ": " + message;
    }
}
