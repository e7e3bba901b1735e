package sos.dispatch;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DeserializationException;
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

    private static final Logger log = LoggerFactory.getLogger(KafkaConfiguration.class);

    static final String DEAD_LETTER_TOPIC = Topics.deadLetterTopicOf(Topics.DISPATCH);

    /** This instance's rank for {@link SingleDeciderAssignor}: its start time, then a random id. */
    @Bean
    DefaultKafkaConsumerFactoryCustomizer deciderRank() {
        String rank = String.format("%013d:%s", System.currentTimeMillis(), UUID.randomUUID());
        return factory -> factory.updateConfigs(Map.of(SingleDeciderAssignor.RANK_CONFIG, rank));
    }

    @Bean
    NewTopic assignmentsTopic(SosKafkaProperties kafka) {
        return topic(Topics.ASSIGNMENTS.name(), kafka);
    }

    /** Compacted: the latest record of a unit is its whole state; a restarted instance reads it from the start. */
    @Bean
    NewTopic unitStateTopic(SosKafkaProperties kafka) {
        return TopicBuilder.name(Topics.UNIT_STATE.name())
                .partitions(kafka.partitions())
                .replicas(kafka.replicationFactor())
                .compact()
                .config(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "0")
                .build();
    }

    @Bean
    NewTopic deadLetterTopic(SosKafkaProperties kafka) {
        return topic(DEAD_LETTER_TOPIC, kafka);
    }

    /**
     * The dead-letter producer: the same settings as the main one (acks=all, idempotent), but it also writes the raw
     * bytes of a record that could not be read. Not a ProducerFactory bean, so that Boot's own stays in place.
     */
    @Bean
    DeadLetterProducer deadLetterProducer(KafkaProperties kafkaProperties) {
        return new DeadLetterProducer(new DefaultKafkaProducerFactory<>(
                kafkaProperties.buildProducerProperties(), new StringSerializer(), new DeadLetterValueSerializer()));
    }

    @Bean
    DefaultErrorHandler errorHandler(DeadLetterProducer deadLetterProducer, SosKafkaProperties kafka) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(
                new KafkaTemplate<>(deadLetterProducer.factory()),
                (record, exception) -> new TopicPartition(DEAD_LETTER_TOPIC, -1));
        return new DefaultErrorHandler(
                (record, exception) -> {
                    log.warn(
                            "Record {}-{}@{} sent to {}: {}",
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            DEAD_LETTER_TOPIC,
                            rootCauseMessage(exception));
                    recoverer.accept(record, exception);
                },
                new FixedBackOff(kafka.retryBackoff().toMillis(), kafka.maxRetries()));
    }

    /** Why, in words; for an unreadable record only the error type, since the parser's message quotes the bytes. */
    private static String rootCauseMessage(Throwable exception) {
        Throwable root = exception;
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof DeserializationException) {
                return "not a readable event (" + cause.getClass().getSimpleName() + ")";
            }
            root = cause;
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static NewTopic topic(String name, SosKafkaProperties kafka) {
        return TopicBuilder.name(name)
                .partitions(kafka.partitions())
                .replicas(kafka.replicationFactor())
                .build();
    }

    record DeadLetterProducer(DefaultKafkaProducerFactory<String, Object> factory) implements DisposableBean {

        @Override
        public void destroy() {
            factory.destroy();
        }
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
