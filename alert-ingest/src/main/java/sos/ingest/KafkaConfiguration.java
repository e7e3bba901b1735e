package sos.ingest;

import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.support.LoggingProducerListener;
import org.springframework.kafka.support.ProducerListener;
import sos.contracts.Topics;

/** The topics this service writes, and producer timeouts that match the HTTP publish timeout. */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    @Bean
    NewTopic alertsTopic(SosKafkaProperties kafka) {
        return topic(Topics.ALERTS.name(), kafka);
    }

    @Bean
    NewTopic alertsRejectedTopic(SosKafkaProperties kafka) {
        return topic(Topics.ALERTS_REJECTED.name(), kafka);
    }

    /** The service's own dead-letter topic, declared by convention; alert-ingest consumes nothing today. */
    @Bean
    NewTopic deadLetterTopic(SosKafkaProperties kafka) {
        return topic(Topics.deadLetterTopicOf(Topics.ALERT_INGEST), kafka);
    }

    /**
     * The producer gives up on a record when the HTTP request gives up on it, so that a 503 rarely hides a record that
     * lands later: {@code max.block.ms} and {@code delivery.timeout.ms} equal the publish timeout.
     */
    @Bean
    DefaultKafkaProducerFactoryCustomizer publishTimeouts(IngestProperties properties) {
        int timeout = (int) properties.publishTimeout().toMillis();
        return factory -> factory.updateConfigs(Map.of(
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(50, timeout / 2)));
    }

    /** Failed sends are logged without the record's contents (an alert's free text stays out of the error log). */
    @Bean
    ProducerListener<Object, Object> kafkaProducerListener() {
        LoggingProducerListener<Object, Object> listener = new LoggingProducerListener<>();
        listener.setIncludeContents(false);
        return listener;
    }

    private static NewTopic topic(String name, SosKafkaProperties kafka) {
        return TopicBuilder.name(name)
                .partitions(kafka.partitions())
                .replicas(kafka.replicationFactor())
                .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, kafka.replicationFactor() > 1 ? "2" : "1")
                .build();
    }
}
