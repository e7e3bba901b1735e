package sos.dispatch;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;
import sos.contracts.EventJson;
import sos.contracts.SosEvent;
import sos.contracts.Topics;

/**
 * The topics this service writes, and what happens to a record it cannot handle: a processing error is retried a few
 * times with a short back-off, then the record goes to {@code sos.dlt.dispatch-service}; a record that cannot be read
 * at all goes there at once. Either way its partition moves on.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    static final String DEAD_LETTER_TOPIC = Topics.deadLetterTopicOf(Topics.DISPATCH);

    @Bean
    NewTopic assignmentsTopic(SosKafkaProperties kafka) {
        return topic(Topics.ASSIGNMENTS.name(), kafka);
    }

    @Bean
    NewTopic deadLetterTopic(SosKafkaProperties kafka) {
        return topic(DEAD_LETTER_TOPIC, kafka);
    }

    @Bean
    DefaultErrorHandler errorHandler(KafkaProperties kafkaProperties, SosKafkaProperties kafka) {
        KafkaTemplate<String, Object> deadLetters = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                kafkaProperties.buildProducerProperties(), new StringSerializer(), new DeadLetterValueSerializer()));
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(
                deadLetters, (record, exception) -> new TopicPartition(DEAD_LETTER_TOPIC, -1));
        return new DefaultErrorHandler(
                recoverer,
                new FixedBackOff(kafka.retryBackoff().toMillis(), kafka.maxRetries()));
    }

    private static NewTopic topic(String name, SosKafkaProperties kafka) {
        return TopicBuilder.name(name)
                .partitions(kafka.partitions())
                .replicas(kafka.replicationFactor())
                .build();
    }

    /**
     * A dead letter's value is either the original bytes (the record could not be read) or the event that failed to
     * be processed.
     */
    static final class DeadLetterValueSerializer implements Serializer<Object> {

        @Override
        public byte[] serialize(String topic, Object value) {
            if (value == null) {
                return null;
            }
            if (value instanceof byte[] bytes) {
                return bytes;
            }
            if (value instanceof SosEvent event) {
                return EventJson.toBytes(event);
            }
            return value.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

}
