package sos.audit.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A record from a service's dead-letter topic, as it arrived: raw bytes and headers. The {@code kafka_dlt-*} headers
 * (original topic, partition, offset, exception) are copied into fields as well, when present.
 *
 * @param id 0 until stored
 * @param headers header name to value: the UTF-8 text when the value is valid UTF-8 text, else "base64:" and its base64
 */
public record DeadLetter(
        long id,
        String topic,
        int partition,
        long offset,
        byte[] key,
        byte[] value,
        Map<String, String> headers,
        String originalTopic,
        Integer originalPartition,
        Long originalOffset,
        String exceptionClass,
        String exceptionMessage,
        Instant recordTimestamp,
        Instant recordedAt) {

    public DeadLetter {
        Objects.requireNonNull(topic, "topic");
        headers = Map.copyOf(headers);
    }
}
