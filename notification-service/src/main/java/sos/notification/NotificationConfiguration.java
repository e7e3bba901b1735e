package sos.notification;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.mail.javamail.JavaMailSender;
import sos.contracts.SosEvent;
import sos.notification.domain.Fanout;
import sos.notification.domain.RecentAlerts;
import sos.notification.domain.RecentDeliveries;
import sos.notification.domain.ack.AckSetup;
import sos.notification.domain.ack.PendingAcks;
import sos.notification.domain.delivery.ChannelSender;
import sos.notification.domain.delivery.RetryPolicy;
import sos.notification.domain.delivery.Sleeper;
import sos.notification.domain.delivery.SmsGatewaySender;
import sos.notification.domain.delivery.WebhookDeliverer;
import sos.notification.domain.delivery.WebhookSender;
import sos.notification.domain.delivery.WhatsAppSender;
import sos.notification.domain.routing.Recipient;
import sos.notification.domain.routing.RoutingRules;

/** Wires the domain to its adapters. */
@Configuration(proxyBeanMethods = false)
class NotificationConfiguration {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(NotificationConfiguration.class);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    RoutingRules routingRules(NotificationProperties properties, ResourceLoader resources, Environment environment) {
        return RoutingFileLoader.load(properties.routingFile(), resources, environment);
    }

    /** The HTTP client of the webhook, SMS gateway and WhatsApp channels: a connection per delivery thread at most. */
    @Bean(destroyMethod = "close")
    HttpWebhookTransport httpTransport(NotificationProperties properties) {
        return new HttpWebhookTransport(
                properties.connectTimeout(), properties.requestTimeout(), properties.deliveryThreads());
    }

    @Bean
    WebhookDeliverer webhookDeliverer(
            NotificationProperties properties,
            ChannelProperties channels,
            ObjectProvider<JavaMailSender> mail,
            HttpWebhookTransport http,
            Clock clock) {
        Map<String, ChannelSender> senders = new HashMap<>();
        senders.put(
                Recipient.WEBHOOK,
                new WebhookSender(http, clock, properties.webhookSecret().getBytes(StandardCharsets.UTF_8)));
        ChannelProperties.Sms sms = channels.sms();
        senders.put(
                Recipient.SMS,
                new SmsGatewaySender(
                        http,
                        new SmsGatewaySender.Settings(
                                sms.url(),
                                sms.authHeader(),
                                sms.authValue(),
                                sms.contentType(),
                                sms.bodyTemplate(),
                                sms.from(),
                                sms.maxSegments())));
        ChannelProperties.WhatsApp whatsapp = channels.whatsapp();
        senders.put(
                Recipient.WHATSAPP,
                new WhatsAppSender(
                        http,
                        new WhatsAppSender.Settings(
                                whatsapp.baseUrl(),
                                whatsapp.phoneNumberId(),
                                whatsapp.accessToken(),
                                whatsapp.templateName())));
        JavaMailSender mailSender = mail.getIfAvailable();
        if (mailSender != null) {
            senders.put(
                    Recipient.EMAIL,
                    new SmtpEmailSender(mailSender, channels.email().from()));
        }
        return new WebhookDeliverer(
                senders,
                new RetryPolicy(properties.maxAttempts(), properties.initialBackoff(), properties.maxBackoff()),
                Sleeper.REAL,
                clock,
                channels.breaker().failureThreshold(),
                channels.breaker().openFor());
    }

    /**
     * Deliveries run here, bounded: when every thread is busy and the queue is full, the listener thread delivers
     * itself, which slows consumption down instead of dropping work.
     */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService deliveryExecutor(NotificationProperties properties) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = runnable -> {
            Thread thread = new Thread(runnable, "webhook-delivery-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return new ThreadPoolExecutor(
                properties.deliveryThreads(),
                properties.deliveryThreads(),
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(1000),
                threads,
                new ThreadPoolExecutor.CallerRunsPolicy());
    }

    /**
     * Retry attempts run here, as many at once as delivery threads; the queue is not bounded by a rejection policy
     * (that would make a timer thread run an attempt) but by the retry consumer, whose batch of at most
     * max.poll.records jobs is done before it polls again.
     */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService retryExecutor(NotificationProperties properties) {
        AtomicInteger count = new AtomicInteger();
        return java.util.concurrent.Executors.newFixedThreadPool(properties.deliveryThreads(), runnable -> {
            Thread thread = new Thread(runnable, "retry-delivery-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    RecentAlerts recentAlerts(NotificationProperties properties) {
        return new RecentAlerts(properties.alertCacheSize());
    }

    @Bean
    RecentDeliveries recentDeliveries(NotificationProperties properties) {
        return new RecentDeliveries(properties.dedupeCacheSize());
    }

    /** Reads back completed deliveries before the listener starts, then follows them (crash-safe dedupe). */
    @Bean
    DeliveryLedger deliveryLedger(
            RecentDeliveries recentDeliveries,
            RecentAlerts recentAlerts,
            RoutingRules routingRules,
            AckSetup ackSetup,
            NotificationProperties properties,
            KafkaProperties kafka,
            Clock clock) {
        return new DeliveryLedger(
                        recentDeliveries,
                        routingRules,
                        kafka.buildConsumerProperties(),
                        properties.ledgerLookback(),
                        clock)
                .tracking(ackSetup.pending())
                .rememberingDuress(recentAlerts);
    }

    @Bean
    NotificationMetrics notificationMetrics(
            io.micrometer.core.instrument.MeterRegistry registry,
            RecentAlerts recentAlerts,
            RoutingRules routingRules,
            NotificationProperties properties) {
        return new NotificationMetrics(registry, recentAlerts, routingRules, properties.alertCacheSize());
    }

    @Bean
    Fanout fanout(
            NotificationMetrics metrics,
            NotificationProperties properties,
            RoutingRules routingRules,
            RecentAlerts recentAlerts,
            RecentDeliveries recentDeliveries,
            WebhookDeliverer webhookDeliverer,
            KafkaTemplate<String, SosEvent> kafkaTemplate,
            ExecutorService deliveryExecutor,
            SseLiveFeed liveFeed,
            AckSetup ackSetup,
            KafkaTemplate<String, Object> deadLetterTemplate,
            ExecutorService retryExecutor,
            @Value("${spring.application.name}") String appName) {
        return new Fanout(
                        routingRules,
                        recentAlerts,
                        recentDeliveries,
                        webhookDeliverer,
                        new MeteredOutcomePublisher(new KafkaOutcomePublisher(kafkaTemplate), metrics),
                        withCallersMdc(deliveryExecutor),
                        liveFeed)
                .withAcknowledgements(ackSetup)
                .withDeliveryJobs(
                        new KafkaDeliveryJobs(
                                deadLetterTemplate,
                                DeliveryRetryListener.RETRY_TOPIC,
                                KafkaConfiguration.deliveryDeadLetterTopicOf(appName)),
                        properties.firstAttemptBudget(),
                        properties.requestTimeout().plus(properties.initialBackoff()),
                        withCallersMdc(retryExecutor));
    }

    /** Looks for due escalation steps every {@code checkEvery}; a failing round is logged and tried again. */
    @Bean(destroyMethod = "shutdownNow")
    java.util.concurrent.ScheduledExecutorService escalations(
            Fanout fanout,
            RoutingRules rules,
            EscalationProperties escalation,
            Clock clock,
            NotificationMetrics metrics) {
        List<String> chain = escalation.steps();
        List<String> unknown = chain.stream()
                .filter(step -> !Fanout.REPEAT.equals(step))
                .filter(step -> rules.recipient(step).isEmpty())
                .toList();
        if (!unknown.isEmpty() || chain.size() != chain.stream().distinct().count()) {
            throw new IllegalStateException("SOS_NOTIFICATION_ESCALATION_CHAIN must name routing-file recipients (or"
                    + " REPEAT), each once; unknown: " + unknown);
        }
        java.util.concurrent.ScheduledExecutorService scheduler =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "escalations");
                    thread.setDaemon(true);
                    return thread;
                });
        if (!chain.isEmpty()) {
            long every = escalation.checkEvery().toMillis();
            scheduler.scheduleWithFixedDelay(
                    () -> {
                        try {
                            int made = fanout.escalate(clock.instant(), escalation.deadline(), chain);
                            if (made > 0) {
                                metrics.escalated(made);
                                log.warn("Escalated {} unacknowledged control-room deliveries", made);
                            }
                        } catch (RuntimeException e) {
                            log.error(
                                    "Escalation round failed: {}", e.getClass().getSimpleName());
                        }
                    },
                    every,
                    every,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        return scheduler;
    }

    @Bean
    AckSetup ackSetup(AckProperties properties) {
        return new AckSetup(
                new PendingAcks(properties.maxPending()),
                properties.publicBaseUrl(),
                properties.linkSecret().getBytes(StandardCharsets.UTF_8));
    }

    @Bean
    SseLiveFeed liveFeed() {
        return new SseLiveFeed();
    }

    private static final ContextSnapshotFactory CONTEXT =
            ContextSnapshotFactory.builder().build();

    /**
     * Runs each task with the MDC (the alertId) and the observation (the trace) of the thread that submitted it, so
     * that a delivery's log lines and the outcome it writes belong to the alert's trace.
     */
    static Executor withCallersMdc(Executor executor) {
        return task -> {
            Map<String, String> callers = MDC.getCopyOfContextMap();
            ContextSnapshot context = CONTEXT.captureAll();
            executor.execute(() -> {
                Map<String, String> own = MDC.getCopyOfContextMap();
                if (callers == null) {
                    MDC.clear();
                } else {
                    MDC.setContextMap(callers);
                }
                try (ContextSnapshot.Scope scope = context.setThreadLocals()) {
                    task.run();
                } finally {
                    if (own == null) {
                        MDC.clear();
                    } else {
                        MDC.setContextMap(own);
                    }
                }
            });
        };
    }
}
