package sos.servicesupport;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Kafka, as this service sees it: UP while a broker of the cluster answers {@code describeCluster} within the timeout,
 * DOWN otherwise (unreachable, or the login refused). The check runs on a thread of its own every {@code interval};
 * the probe only reads its latest answer, so that it stays cheap however often it is asked, and never waits for the
 * broker (except once, before the first check has ended).
 */
public final class KafkaHealthIndicator implements HealthIndicator, InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(KafkaHealthIndicator.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Map<String, Object> adminConfig;
    private final Duration timeout;
    private final Duration interval;
    private final Object checking = new Object();
    private volatile Health latest;
    private volatile String clusterId;
    private Admin admin;
    private ScheduledExecutorService scheduler;

    /**
     * @param adminConfig the application's admin client settings (bootstrap servers, security); a client id and the
     *     timeouts are added
     */
    public KafkaHealthIndicator(
            Map<String, Object> adminConfig, String applicationName, Duration timeout, Duration interval) {
        Map<String, Object> config = new HashMap<>(adminConfig);
        int millis = (int) Math.max(1, timeout.toMillis());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, applicationName + "-health-" + INSTANCES.incrementAndGet());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        this.adminConfig = Map.copyOf(config);
        this.timeout = timeout;
        this.interval = interval;
    }

    @Override
    public void afterPropertiesSet() {
        admin = Admin.create(adminConfig);
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "kafka-health");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Health health() {
        Health known = latest;
        return known != null ? known : refresh();
    }

    /** The cluster's id as the latest successful check saw it; null before the first. Never waits. */
    public String clusterId() {
        return clusterId;
    }

    /** Asks the cluster now and keeps the answer. */
    Health refresh() {
        synchronized (checking) {
            Health previous = latest;
            Health now = check();
            latest = now;
            if (previous != null && !previous.getStatus().equals(now.getStatus())) {
                if (now.getStatus().equals(org.springframework.boot.health.contributor.Status.UP)) {
                    log.info("Kafka reachable again: ready");
                } else {
                    log.warn(
                            "Kafka not reachable ({}): not ready",
                            now.getDetails().get("error"));
                }
            }
            return now;
        }
    }

    private Health check() {
        long millis = timeout.toMillis();
        try {
            DescribeClusterResult cluster =
                    admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) Math.max(1, millis)));
            Collection<Node> nodes = cluster.nodes().get(millis, TimeUnit.MILLISECONDS);
            String id = cluster.clusterId().get(millis, TimeUnit.MILLISECONDS);
            if (id != null) {
                clusterId = id;
            }
            return Health.up()
                    .withDetail("clusterId", String.valueOf(id))
                    .withDetail("brokers", nodes.size())
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return down(e);
        } catch (ExecutionException e) {
            return down(e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            return down(e);
        }
    }

    /** Only the kind of failure: a message may name hosts or users. */
    private static Health down(Throwable failure) {
        return Health.down()
                .withDetail("error", failure.getClass().getSimpleName())
                .build();
    }

    @Override
    public void destroy() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
