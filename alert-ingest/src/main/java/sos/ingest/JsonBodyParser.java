package sos.ingest;

import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import sos.ingest.domain.intake.BodyParser;
import sos.ingest.domain.intake.MalformedBodyException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Strict JSON: one object, no trailing content, no duplicate property names (the signature covers the raw bytes, so
 * the bytes must have exactly one meaning).
 */
@Component
final class JsonBodyParser implements BodyParser {

    private static final int MAX_MESSAGE = 300;
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    @Override
    public Map<String, Object> parse(byte[] body) throws MalformedBodyException {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new MalformedBodyException(describe(e));
        }
        if (node == null || node.isMissingNode()) {
            throw new MalformedBodyException("The body is empty; send one JSON object.");
        }
        if (!node.isObject()) {
            throw new MalformedBodyException("The body must be one JSON object, not "
                    + node.getNodeType().name().toLowerCase(Locale.ROOT) + ".");
        }
        return MAPPER.convertValue(node, OBJECT);
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
