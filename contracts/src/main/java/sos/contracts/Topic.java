package sos.contracts;

/**
 * A Kafka topic with its key and value types and the one service that writes it. Keys are always strings: the
 * aggregate id of {@link SosEvent#key()}.
 *
 * @param name the topic's name on the broker
 * @param valueType the type every record's value has
 * @param writer the {@code spring.application.name} of the only service that may produce to it
 * @param keyedBy what the record key is, in words, for the README and for readers
 */
public record Topic<V extends SosEvent>(String name, Class<V> valueType, String writer, String keyedBy) {

    public boolean accepts(SosEvent event) {
        return valueType.isInstance(event);
    }
}
