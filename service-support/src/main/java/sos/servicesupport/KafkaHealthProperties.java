package sos.servicesupport;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Kafka readiness check ({@code SOS_HEALTH_KAFKA_TIMEOUT}, {@code SOS_HEALTH_KAFKA_INTERVAL}).
 *
 * @param timeout how long the cluster may take to answer before Kafka counts as down
 * @param interval how often the cluster is asked (the probe reads the latest answer)
 */
@ConfigurationProperties("sos.health.kafka")
public record KafkaHealthProperties(
        @DefaultValue("2s") Duration timeout,
        @DefaultValue("5s") Duration interval) {}
