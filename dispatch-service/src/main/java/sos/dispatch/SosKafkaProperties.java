package sos.dispatch;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code sos.kafka.*}: how this service's topics are created and how a failing record is retried before it goes to
 * the dead-letter topic.
 */
@ConfigurationProperties("sos.kafka")
record SosKafkaProperties(int partitions, short replicationFactor, Duration retryBackoff, int maxRetries) {}
