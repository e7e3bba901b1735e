package sos.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** The wire format is a contract: every event must read from and write to exactly its golden JSON. */
class WireFormatTest {

    static Map<String, SosEvent> allFixtures() {
        Map<String, SosEvent> all = new TreeMap<>(EventFixtures.ALL);
        all.putAll(DispatchEventFixtures.ALL);
        all.putAll(NotificationEventFixtures.ALL);
        return all;
    }

    static Stream<Arguments> goldenFiles() {
        return allFixtures().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @Test
    void shouldHaveAGoldenFileForEveryEventType() {
        Set<String> registered = Arrays.stream(
                        SosEvent.class.getAnnotation(JsonSubTypes.class).value())
                .map(JsonSubTypes.Type::name)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> covered =
                allFixtures().values().stream().map(SosEvent::eventType).collect(Collectors.toCollection(TreeSet::new));
        assertThat(covered).isEqualTo(registered);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFiles")
    void shouldWriteEveryEventAsItsGoldenJson(String file, SosEvent event) throws IOException {
        JsonNode written = EventJson.mapper().readTree(EventJson.toBytes(event));
        JsonNode golden = EventJson.mapper().readTree(golden(file));
        assertThat(written).isEqualTo(golden);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFiles")
    void shouldReadEveryGoldenJsonAsItsEvent(String file, SosEvent event) throws IOException {
        assertThat(EventJson.fromJson(golden(file))).isEqualTo(event);
    }

    @Test
    void shouldIgnorePropertiesAddedByANewerWriter() throws IOException {
        String newer = golden("AlertRaised.json").replaceFirst("\\{", "{\"addedLater\": 42,");
        assertThat(EventJson.fromJson(newer)).isEqualTo(EventFixtures.ALERT_RAISED);
    }

    @Test
    void shouldReadAnOlderWriterWithoutTheFieldsAddedSince() throws IOException {
        JsonNode raised = EventJson.mapper().readTree(golden("AlertRaised.json"));
        ((tools.jackson.databind.node.ObjectNode) raised).remove("district");
        assertThat(EventJson.fromJson(raised.toString())).isEqualTo(EventFixtures.ALERT_RAISED.withDistrict(null));

        JsonNode assigned = EventJson.mapper().readTree(golden("UnitsAssigned.json"));
        ((tools.jackson.databind.node.ObjectNode) assigned).remove("candidates");
        UnitsAssigned old = (UnitsAssigned) EventJson.fromJson(assigned.toString());
        assertThat(old.candidates()).isEmpty();
        assertThat(old.assignments()).isEqualTo(EventFixtures.UNITS_ASSIGNED.assignments());
    }

    @Test
    void shouldRefuseAnEventOnAnotherEventsTopic() {
        byte[] assignment = EventJson.toBytes(EventFixtures.UNITS_ASSIGNED);
        assertThatThrownBy(() -> new SosEventDeserializer().deserialize(Topics.ALERTS.name(), assignment))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("does not belong on sos.alerts");
        assertThatThrownBy(() -> new SosEventSerializer().serialize(Topics.ALERTS.name(), EventFixtures.UNITS_ASSIGNED))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void shouldTurnGarbageIntoASerializationException() {
        byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new SosEventDeserializer().deserialize(Topics.ALERTS.name(), garbage))
                .isInstanceOf(SerializationException.class);
        byte[] missingField = "{\"eventType\":\"AlertRaised\",\"eventId\":\"1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new SosEventDeserializer().deserialize(Topics.ALERTS.name(), missingField))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void shouldRoundTripThroughTheKafkaSerdes() {
        for (var topic : Topics.ALL) {
            SosEvent event = allFixtures().values().stream()
                    .filter(topic::accepts)
                    .findFirst()
                    .orElseThrow();
            byte[] bytes = new SosEventSerializer().serialize(topic.name(), event);
            assertThat(new SosEventDeserializer().deserialize(topic.name(), bytes))
                    .isEqualTo(event);
        }
    }

    private static String golden(String file) throws IOException {
        try (InputStream in = WireFormatTest.class.getResourceAsStream("/golden/" + file)) {
            assertThat(in).as("golden file " + file).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
