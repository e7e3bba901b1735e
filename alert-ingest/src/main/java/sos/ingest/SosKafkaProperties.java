package sos.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code sos.kafka.*}: how the topics this service writes are created. */
@ConfigurationProperties("sos.kafka")
record SosKafkaProperties(int partitions, short replicationFactor) {

    SosKafkaProperties {
        partitions = partitions <= 0 ? 6 : partitions;
        replicationFactor = replicationFactor <= 0 ? 1 : replicationFactor;
    }
}
