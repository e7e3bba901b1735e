package sos.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sos.ingest.domain.intake.MalformedBodyException;

class JsonBodyParserTest {

    private final JsonBodyParser parser = new JsonBodyParser();

    @Test
    void shouldReadAnObjectIntoPlainJavaValues() throws Exception {
        Map<String, Object> body = parse("{\"type\":\"FIRE\",\"location\":{\"lat\":24.8,\"lon\":67},\"drill\":true}");

        assertThat(body).containsEntry("type", "FIRE").containsEntry("drill", true);
        assertThat(body.get("location")).isEqualTo(Map.of("lat", 24.8, "lon", 67));
    }

    @Test
    void shouldNameWhereTheJsonIsBroken() {
        assertThatThrownBy(() -> parse("{\"type\":\"FIRE\",\n\"location\": {\"lat\": 24.8,}"))
                .isInstanceOf(MalformedBodyException.class)
                .hasMessageStartingWith("The body is not valid JSON at line 2, column");
    }

    @Test
    void shouldRefuseDuplicatePropertyNames() {
        assertThatThrownBy(() -> parse("{\"type\":\"FIRE\",\"type\":\"OTHER\"}"))
                .isInstanceOf(MalformedBodyException.class)
                .hasMessageContaining("type");
    }

    @Test
    void shouldRefuseTrailingContent() {
        assertThatThrownBy(() -> parse("{\"type\":\"FIRE\"} {}")).isInstanceOf(MalformedBodyException.class);
    }

    @Test
    void shouldRefuseAnythingButAnObject() {
        assertThatThrownBy(() -> parse("[1,2]"))
                .isInstanceOf(MalformedBodyException.class)
                .hasMessage("The body must be one JSON object, not array.");
        assertThatThrownBy(() -> parse(""))
                .isInstanceOf(MalformedBodyException.class)
                .hasMessage("The body is empty; send one JSON object.");
        assertThatThrownBy(() -> parse("null")).isInstanceOf(MalformedBodyException.class);
    }

    @Test
    void shouldRefuseBytesThatAreNotUtf8() {
        byte[] latin1 = "{\"description\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> parser.parse(latin1)).isInstanceOf(MalformedBodyException.class);
    }

    private Map<String, Object> parse(String json) throws MalformedBodyException {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
