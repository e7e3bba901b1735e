package sos.servicesupport;

import java.util.Map;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * An observed {@link KafkaTemplate} names the cluster on each send's observation and asks its {@link KafkaAdmin} for
 * the id, under a lock, until it has one: while no broker answers, that is a wait of the admin's operation timeout in
 * front of a send (alert-ingest's 503 came after 20 s instead of 1 s). Every template gets an admin here that answers
 * from the readiness check's latest answer ({@link KafkaHealthIndicator#clusterId()}) instead, at once (null until
 * the first check has seen the cluster; the template then asks again on its next send).
 */
final class NonBlockingClusterId implements BeanPostProcessor {

    private final ObjectProvider<KafkaAdmin> admin;
    private final ObjectProvider<KafkaHealthIndicator> health;

    NonBlockingClusterId(ObjectProvider<KafkaAdmin> admin, ObjectProvider<KafkaHealthIndicator> health) {
        this.admin = admin;
        this.health = health;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        if (bean instanceof KafkaTemplate<?, ?> template) {
            KafkaAdmin own = admin.getIfUnique();
            KafkaHealthIndicator check = health.getIfUnique();
            if (own != null && check != null) {
                template.setKafkaAdmin(new FromHealthCheck(own.getConfigurationProperties(), check));
            }
        }
        return bean;
    }

    /** Used by the template only for the cluster id (and its bootstrap address, the same as the application's). */
    static final class FromHealthCheck extends KafkaAdmin {

        private final KafkaHealthIndicator health;

        FromHealthCheck(Map<String, Object> config, KafkaHealthIndicator health) {
            super(config);
            this.health = health;
        }

        @Override
        public String clusterId() {
            return health.clusterId();
        }
    }
}
