package sos.audit;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ContainerProperties;
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

    private static final Logger LOG = LoggerFactory.getLogger(KafkaConfiguration.class);

    /** The topics the trail listener subscribes to: every event topic of the platform. */
    @Bean
    String[] auditedTopics() {
        return Topics.ALL.stream().map(Topic::name).toArray(String[]::new);
    }

    /** The dead-letter topics of the four services, this one's included, kept on record as raw bytes. */
    @Bean
    String[] deadLetterTopics() {
        return Stream.of(Topics.ALERT_INGEST, Topics.DISPATCH, Topics.NOTIFICATION, Topics.AUDIT)
                .map(Topics::deadLetterTopicOf)
                .toArray(String[]::new);
    }

    /**
     * Dead letters are read as bytes (they need not be events). While the database cannot be reached they wait, like
     * events; a dead letter the database refuses is logged and skipped after a few attempts (there is no dead-letter
     * topic for dead letters), so nothing stalls.
     */
    @Bean
    ConcurrentKafkaListenerContainerFactory<byte[], byte[]> deadLetterContainerFactory(
            KafkaProperties kafka, AuditProperties properties) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        ConcurrentKafkaListenerContainerFactory<byte[], byte[]> factory =
                new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(config));
        factory.setBatchListener(true);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        factory.getContainerProperties().setMissingTopicsFatal(false);
        RetryPolicy retryPolicy = new RetryPolicy(properties.retry());
        DefaultErrorHandler handler = new DefaultErrorHandler(
                (record, failure) -> LOG.error(
                        "dead letter {}-{}@{} could not be stored and is skipped: {}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        failure.toString()),
                retryPolicy.processingBackOff());
        handler.setBackOffFunction((record, failure) -> retryPolicy.backOffFor(failure));
        handler.setResetStateOnExceptionChange(true);
        factory.setCommonErrorHandler(handler);
        return factory;
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
