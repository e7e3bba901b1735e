package sos.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import sos.contracts.SosEvent;
import sos.contracts.SosEventSerializer;
import sos.contracts.Topic;
import sos.contracts.Topics;

/**
 * audit-service reads every event topic and writes only its dead-letter topic. A record it cannot read goes there at
 * once, as the bytes it came as; a record the database refuses goes there after a few attempts; while the database
 * cannot be reached, nothing goes there and nothing is committed.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /** The topics the trail listener subscribes to: every event topic of the platform. */
    @Bean
    String[] auditedTopics() {
        return Topics.ALL.stream().map(Topic::name).toArray(String[]::new);
    }

    @Bean
    NewTopic deadLetterTopic(@Value("${spring.application.name}") String appName, SosKafkaProperties kafka) {
        return TopicBuilder.name(Topics.deadLetterTopicOf(appName))
                .partitions(kafka.partitions())
                .replicas(kafka.replicationFactor())
                .build();
    }

    /**
     * The dead-letter producer writes events as events and unreadable records as the raw bytes they arrived as.
     * Everything else about it (acks=all, idempotence, linger.ms=0) comes from {@code spring.kafka.producer}.
     */
    @Bean
    @SuppressWarnings({"unchecked", "rawtypes"})
    DefaultKafkaProducerFactoryCustomizer deadLetterValues() {
        Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
        byType.put(SosEvent.class, new SosEventSerializer());
        byType.put(byte[].class, new ByteArraySerializer());
        Serializer<Object> values = new DelegatingByTypeSerializer(byType, true);
        return factory -> ((DefaultKafkaProducerFactory) factory).setValueSerializer(values);
    }

    @Bean
    DefaultErrorHandler auditErrorHandler(
            @Value("${spring.application.name}") String appName,
            KafkaOperations<?, ?> template,
            AuditProperties properties) {
        String deadLetterTopic = Topics.deadLetterTopicOf(appName);
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(
                template, (record, failure) -> new TopicPartition(deadLetterTopic, -1));
        RetryPolicy retryPolicy = new RetryPolicy(properties.retry());
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, retryPolicy.processingBackOff());
        handler.setBackOffFunction((record, failure) -> retryPolicy.backOffFor(failure));
        handler.setResetStateOnExceptionChange(true);
        return handler;
    }
}
