package sos.notification;

import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;
import sos.contracts.SosEvent;
import sos.contracts.Topics;

/**
 * The topics this service writes, its producers, and what happens to a record it cannot handle: a record that cannot
 * be read goes to the dead-letter topic at once; one whose handling fails is tried again a few times, then goes there
 * too, so that a partition never stalls.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KafkaConfiguration.class);

    @Bean
    NewTopic notificationsTopic(KafkaTopicProperties topics) {
        return TopicBuilder.name(Topics.NOTIFICATIONS.name())
                .partitions(topics.partitions())
                .replicas(topics.replicationFactor())
                .build();
    }

    @Bean
    NewTopic deadLetterTopic(KafkaTopicProperties topics, @Value("${spring.application.name}") String appName) {
        return TopicBuilder.name(Topics.deadLetterTopicOf(appName))
                .partitions(topics.partitions())
                .replicas(topics.replicationFactor())
                .build();
    }

    /** Deliveries waiting for their next attempt (see {@link DeliveryRetryListener}). */
    @Bean
    NewTopic deliveryRetryTopic(KafkaTopicProperties topics) {
        return TopicBuilder.name(DeliveryRetryListener.RETRY_TOPIC)
                .partitions(topics.partitions())
                .replicas(topics.replicationFactor())
                .build();
    }

    /** Deliveries given up after their last attempt on every channel: the job, with its final failure. */
    @Bean
    NewTopic deliveryDeadLetterTopic(KafkaTopicProperties topics, @Value("${spring.application.name}") String appName) {
        return TopicBuilder.name(deliveryDeadLetterTopicOf(appName))
                .partitions(topics.partitions())
                .replicas(topics.replicationFactor())
                .build();
    }

    static String deliveryDeadLetterTopicOf(String appName) {
        return Topics.deadLetterTopicOf(appName + ".deliveries");
    }

    /** Outcome events: the producer configured under {@code spring.kafka.producer} (acks=all, idempotent, linger 0). */
    @Bean
    KafkaTemplate<String, SosEvent> kafkaTemplate(ProducerFactory<String, SosEvent> producers) {
        return observed(new KafkaTemplate<>(producers));
    }

    /** Dead letters: the same producer settings, with a value serializer that also takes raw bytes. */
    @Bean
    KafkaTemplate<String, Object> deadLetterTemplate(ProducerFactory<String, Object> producers) {
        return observed(new KafkaTemplate<>(
                producers, Map.of(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, DeadLetterValueSerializer.class)));
    }

    /**
     * Each record written carries the W3C traceparent of the alert's trace (one trace per alert across Kafka). Both
     * templates, so that their metrics ({@code spring_kafka_template_seconds}) have the same tags.
     */
    private static <V> KafkaTemplate<String, V> observed(KafkaTemplate<String, V> template) {
        template.setObservationEnabled(true);
        return template;
    }

    @Bean
    CommonErrorHandler errorHandler(
            KafkaTemplate<String, Object> deadLetterTemplate, @Value("${spring.application.name}") String appName) {
        String deadLetterTopic = Topics.deadLetterTopicOf(appName);
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(
                deadLetterTemplate, (record, exception) -> new TopicPartition(deadLetterTopic, -1));
        ConsumerAwareRecordRecoverer logged = (record, consumer, exception) -> {
            Throwable cause = NestedExceptionUtils.getMostSpecificCause(exception);
            log.error(
                    "Dead-lettering {}-{}@{} (key {}) to {}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    record.key(),
                    deadLetterTopic,
                    cause.getClass().getSimpleName());
            recoverer.accept(record, consumer, exception);
        };
        // processing errors: 2 more tries, 1 s apart; deserialization errors are not retryable and skip this
        return new DefaultErrorHandler(logged, new FixedBackOff(1000, 2));
    }
}
