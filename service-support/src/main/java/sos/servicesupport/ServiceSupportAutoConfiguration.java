package sos.servicesupport;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Registers the {@code kafka} health contributor ({@link KafkaHealthIndicator}) in every service that has Kafka. A
 * service puts it in its readiness group with {@code management.endpoint.health.group.readiness.include}.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnBean(KafkaAdmin.class)
@EnableConfigurationProperties(KafkaHealthProperties.class)
public class ServiceSupportAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
    KafkaHealthIndicator kafkaHealthIndicator(
            KafkaAdmin admin,
            KafkaHealthProperties properties,
            @Value("${spring.application.name:sos}") String applicationName) {
        return new KafkaHealthIndicator(
                admin.getConfigurationProperties(), applicationName, properties.timeout(), properties.interval());
    }

    /** Observed Kafka templates take the cluster id from the readiness check, never from a blocking admin call. */
    @Bean
    static NonBlockingClusterId nonBlockingClusterId(
            ObjectProvider<KafkaAdmin> admin, ObjectProvider<KafkaHealthIndicator> health) {
        return new NonBlockingClusterId(admin, health);
    }
}
