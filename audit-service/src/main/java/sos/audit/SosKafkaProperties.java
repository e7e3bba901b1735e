package sos.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Platform-wide topic settings for the topics this service creates. */
@ConfigurationProperties("sos.kafka")
record SosKafkaProperties(
        @DefaultValue("6") int partitions,
        @DefaultValue("1") short replicationFactor) {}
