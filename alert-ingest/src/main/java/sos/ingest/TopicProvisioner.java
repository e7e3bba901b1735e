package sos.ingest;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Spring creates the NewTopic beans' topics once, at startup. When the broker was not reachable then (the local stack
 * may start services before the broker), this keeps trying in the background, every 5 s and off the main thread so
 * readiness is not held up, until every topic this service writes exists.
 */
@Component
final class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final long RETRY_MILLIS = 5000;
    private static final int TIMEOUT_MILLIS = 5000;

    private final Map<String, Object> adminConfig;
    private final boolean autoCreate;
    private final List<NewTopic> topics;

    TopicProvisioner(KafkaAdmin admin, KafkaProperties kafka, List<NewTopic> topics) {
        this.adminConfig = new HashMap<>(admin.getConfigurationProperties());
        this.adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MILLIS);
        this.adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MILLIS);
        this.adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "alert-ingest-topic-provisioner");
        this.autoCreate = kafka.getAdmin().isAutoCreate();
        this.topics = List.copyOf(topics);
    }

    @EventListener(ApplicationReadyEvent.class)
    void ensureTopics() {
        if (!autoCreate || topics.isEmpty()) {
            return;
        }
        Thread thread = new Thread(this::retryUntilCreated, "topic-provisioner");
        thread.setDaemon(true);
        thread.start();
    }

    private void retryUntilCreated() {
        boolean first = true;
        while (!Thread.currentThread().isInterrupted()) {
            if (!first) {
                try {
                    TimeUnit.MILLISECONDS.sleep(RETRY_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            try {
                if (createMissing(first)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                log.warn("topics not created yet (broker not reachable?), retrying in 5 s: {}", e.toString());
            }
            first = false;
        }
    }

    /** True once every topic exists. */
    private boolean createMissing(boolean first) throws ExecutionException, InterruptedException, TimeoutException {
        Admin admin = Admin.create(adminConfig);
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            List<NewTopic> missing =
                    topics.stream().filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) {
                if (!first) {
                    log.info("all topics this service writes exist now");
                }
                return true;
            }
            try {
                admin.createTopics(missing).all().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            log.info("created topics {}", missing.stream().map(NewTopic::name).toList());
            return true;
        } finally {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
