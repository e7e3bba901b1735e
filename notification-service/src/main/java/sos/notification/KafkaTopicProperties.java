package sos.notification;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** {@code sos.kafka.*}: how the topics this service writes are created. */
@Validated
@ConfigurationProperties("sos.kafka")
record KafkaTopicProperties(@Min(1) int partitions, @Min(1) short replicationFactor) {}
