package sos.bench.notification;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import sos.contracts.AlertRaised;
import sos.contracts.AlertType;
import sos.contracts.GeoPoint;
import sos.contracts.Severity;
import sos.contracts.SosEvent;
import sos.contracts.SosEventSerializer;
import sos.contracts.Topics;

/**
 * Alert event to webhook at the receiver: {@code --alerts} AlertRaised events (default 1,000) are produced to
 * {@code sos.alerts} on a fixed schedule ({@code --rate}, default 200/s, open loop), notification-service (in this
 * JVM; the broker is the local stack's KRaft node in its own process) routes each to 5 webhook recipients, and a local receiver records when each
 * webhook arrives. Latency = arrival - the alert's scheduled send time (no coordinated omission), into an
 * HdrHistogram. Baseline, same run, same receiver, same rate: a plain {@link HttpClient} POST of the 5 webhooks per
 * alert straight to the receiver.
 *
 * <p>{@code ./run-bench notification-load [--alerts 1000] [--rate 200] [--warmup-alerts 30 s at the rate]}; consumer threads: {@code
 * -Dbench.consumers=6} (one per partition of sos.alerts).
 */
public final class NotificationLoad {

    private static final int RECIPIENTS = 5;
    /**
     * Warm-up by default: this long at the measured rate. With 400 alerts (2 s) the JIT compiler threads of this JVM
     * and of the broker still took about a third of the CPU of the measured run; after 20 s, on a busy machine, still
     * some.
     */
    private static final int WARMUP_SECONDS = 30;

    private final PrintStream out = System.out;
    private final Map<String, Long> scheduled = new ConcurrentHashMap<>();
    private volatile Histogram histogram = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
    private final AtomicLong arrivals = new AtomicLong();

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        new NotificationLoad()
                .run(
                        Integer.parseInt(options.getOrDefault("alerts", "1000")),
                        Integer.parseInt(options.getOrDefault("rate", "200")),
                        Integer.parseInt(options.getOrDefault(
                                "warmup-alerts",
                                String.valueOf(
                                        WARMUP_SECONDS * Integer.parseInt(options.getOrDefault("rate", "200"))))));
    }

    void run(int alerts, int rate, int warmup) throws Exception {
        // the receiver answers at once (no Nagle delay on its small answers), for the service and the baseline alike
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        // daemon threads, shut down at the end: the JVM exits when the run is over
        java.util.concurrent.ExecutorService receiverThreads = Executors.newFixedThreadPool(16, runnable -> {
            Thread thread = new Thread(runnable, "bench-receiver");
            thread.setDaemon(true);
            return thread;
        });
        receiver.setExecutor(receiverThreads);
        receiver.createContext("/hooks/", exchange -> {
            long now = System.nanoTime();
            String key = exchange.getRequestHeaders().getFirst("Bench-Key");
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (key == null) {
                String text = new String(body, StandardCharsets.UTF_8);
                int at = text.indexOf("\"alertId\":\"");
                key = at < 0 ? null : text.substring(at + 11, at + 47);
            }
            Long start = key == null ? null : scheduled.get(key);
            if (start != null) {
                synchronized (this) {
                    histogram.recordValue(Math.max(0, now - start));
                }
                arrivals.incrementAndGet();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        String hooks = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
        Path dir = Files.createTempDirectory("sos-bench-notification");
        Path routing = dir.resolve("routing.yml");
        StringBuilder yaml = new StringBuilder("recipients:\n");
        for (int i = 1; i <= RECIPIENTS; i++) {
            yaml.append("  - id: recipient-")
                    .append(i)
                    .append("\n    name: Recipient ")
                    .append(i)
                    .append("\n    kind: ")
                    .append(i == 1 ? "CONTROL_ROOM" : "DISTRICT_OPS")
                    .append("\n    channel: webhook\n    url: ")
                    .append(hooks)
                    .append("/recipient-")
                    .append(i)
                    .append("\n    receives: [ALERT_RAISED]\n");
        }
        Files.writeString(routing, yaml);
        int port = freePort();
        Process broker = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "sos.local.KafkaNode",
                        dir.resolve("kafka").toString(),
                        String.valueOf(port),
                        String.valueOf(freePort()))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("kafka.log").toFile())
                .start();
        try {
            String kafka = "127.0.0.1:" + port;
            awaitBroker(kafka);
            out.println("Broker (KRaft, own process) at " + kafka + "; starting notification-service in this JVM");
            System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
            // every service jar on this classpath has an application.yml: take notification-service's own
            Path config = dir.resolve("notification-service.yml");
            try (java.util.jar.JarFile jar =
                    new java.util.jar.JarFile(Path.of(sos.notification.NotificationApplication.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI())
                            .toFile())) {
                Files.copy(jar.getInputStream(jar.getEntry("application.yml")), config);
            }
            // system properties: they win over the application.yml (builder properties would not)
            for (String property : new String[] {
                "spring.config.location=file:" + config,
                // audit-service's JDBC is on the bench classpath too; this service has no database
                "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure"
                        + ".DataSourceAutoConfiguration,org.springframework.boot.flyway"
                        + ".autoconfigure.FlywayAutoConfiguration",
                "spring.kafka.bootstrap-servers=" + kafka,
                "server.port=0",
                "spring.kafka.consumer.group-id=bench-notification-" + UUID.randomUUID(),
                "spring.kafka.consumer.auto-offset-reset=latest",
                "sos.notification.routing-file=" + routing,
                "sos.notification.escalation.chain=",
                "sos.notification.delivery-threads=" + System.getProperty("bench.delivery-threads", "64"),
                "spring.kafka.listener.concurrency=" + System.getProperty("bench.consumers", "6"),
                "logging.level.sos.notification=WARN",
                "logging.level.org.apache.kafka=WARN"
            }) {
                int equals = property.indexOf('=');
                System.setProperty(property.substring(0, equals), property.substring(equals + 1));
            }
            try (ConfigurableApplicationContext service =
                            new SpringApplicationBuilder(sos.notification.NotificationApplication.class).run();
                    KafkaProducer<String, SosEvent> producer = new KafkaProducer<>(
                            Map.of(
                                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                    kafka,
                                    ProducerConfig.ACKS_CONFIG,
                                    "all",
                                    ProducerConfig.LINGER_MS_CONFIG,
                                    0,
                                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                                    true),
                            new StringSerializer(),
                            new SosEventSerializer())) {
                Thread.sleep(5000); // the listener joins its group and gets its partitions
                out.printf("Warm-up: %d alerts at %d/s%n", warmup, rate);
                Histogram warm = throughService(producer, warmup, rate);
                out.printf("  warm-up deliveries: %d%n", warm.getTotalCount());
                out.printf("Measuring: %d alerts at %d/s to %d recipients each%n", alerts, rate, RECIPIENTS);
                Cpu serviceCpu = new Cpu(broker);
                Histogram measured = throughService(producer, alerts, rate);
                serviceCpu.stop();
                HttpClient http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
                baseline(http, hooks, warmup, rate);
                Cpu baselineCpu = new Cpu(broker);
                Histogram base = baseline(http, hooks, alerts, rate);
                baselineCpu.stop();
                print("notification-service (alert event -> webhook at receiver)", measured, alerts);
                print("baseline: plain HttpClient POST to the same receiver", base, alerts);
                serviceCpu.print("notification-service run", measured.getTotalCount());
                baselineCpu.print("baseline run", base.getTotalCount());
                out.printf(
                        "p99 ratio service/baseline: %.1f%n",
                        measured.getValueAtPercentile(99) / (double) Math.max(1, base.getValueAtPercentile(99)));
            }
        } finally {
            broker.destroy();
            broker.waitFor(20, TimeUnit.SECONDS);
            receiver.stop(0);
            receiverThreads.shutdownNow();
        }
    }

    private static void awaitBroker(String kafka) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
                admin.createTopics(List.of(new NewTopic(Topics.ALERTS.name(), 6, (short) 1)))
                        .all()
                        .get(10, TimeUnit.SECONDS);
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private Histogram throughService(KafkaProducer<String, SosEvent> producer, int alerts, int rate)
            throws InterruptedException {
        reset();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        for (int i = 0; i < alerts; i++) {
            long at = start + i * interval;
            LockSupport.parkNanos(at - System.nanoTime());
            UUID alertId = UUID.randomUUID();
            scheduled.put(alertId.toString(), at);
            AlertRaised alert = new AlertRaised(
                    UUID.randomUUID(),
                    Instant.now(),
                    alertId,
                    "consulate-de",
                    "Consulate General of Germany (bench)",
                    AlertType.ARMED_ATTACK,
                    Severity.CRITICAL,
                    new GeoPoint(24.8138, 67.03),
                    15.0,
                    "Chancery",
                    "bench",
                    false);
            producer.send(new ProducerRecord<>(Topics.ALERTS.name(), alert.key(), alert));
        }
        return awaitArrivals((long) alerts * RECIPIENTS);
    }

    private Histogram baseline(HttpClient http, String hooks, int alerts, int rate) throws InterruptedException {
        reset();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        byte[] body = new byte[1200];
        for (int i = 0; i < alerts; i++) {
            long at = start + i * interval;
            LockSupport.parkNanos(at - System.nanoTime());
            String key = UUID.randomUUID().toString();
            scheduled.put(key, at);
            for (int r = 1; r <= RECIPIENTS; r++) {
                http.sendAsync(
                        HttpRequest.newBuilder(URI.create(hooks + "/recipient-" + r))
                                .header("Bench-Key", key)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
            }
        }
        return awaitArrivals((long) alerts * RECIPIENTS);
    }

    private synchronized void reset() {
        scheduled.clear();
        arrivals.set(0);
        histogram = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
    }

    private Histogram awaitArrivals(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (arrivals.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        synchronized (this) {
            return histogram.copy();
        }
    }

    /**
     * CPU time spent during one phase, from its start to the last arrival: this JVM (service, receiver and generator)
     * and the broker's process, per delivery; a steadier guide than latency on a shared machine.
     */
    private final class Cpu {

        private final com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        private final Process broker;
        private final long jvmStart;
        private final long brokerStart;
        private final long wallStart = System.nanoTime();
        private final Instant started = Instant.now();
        private final java.lang.management.CompilationMXBean jit =
                java.lang.management.ManagementFactory.getCompilationMXBean();
        private final long jitStart = jit.getTotalCompilationTime();
        private long jitMillis;
        private final Map<String, Long> threadsStart =
                threadTicks(ProcessHandle.current().pid());
        private final Map<String, Long> brokerThreadsStart;
        private Map<String, Long> threads = Map.of();
        private Map<String, Long> brokerThreads = Map.of();
        private long jvm;
        private long brokerCpu;
        private long wall;

        Cpu(Process broker) {
            this.broker = broker;
            this.jvmStart = os.getProcessCpuTime();
            this.brokerStart = brokerCpuNanos();
            this.brokerThreadsStart = threadTicks(broker.pid());
        }

        void stop() {
            jvm = os.getProcessCpuTime() - jvmStart;
            brokerCpu = brokerCpuNanos() - brokerStart;
            wall = System.nanoTime() - wallStart;
            jitMillis = jit.getTotalCompilationTime() - jitStart;
            threads = minus(threadTicks(ProcessHandle.current().pid()), threadsStart);
            brokerThreads = minus(threadTicks(broker.pid()), brokerThreadsStart);
        }

        private long brokerCpuNanos() {
            return broker.info()
                    .totalCpuDuration()
                    .map(java.time.Duration::toNanos)
                    .orElse(0L);
        }

        void print(String what, long deliveries) {
            long n = Math.max(1, deliveries);
            out.printf(
                    "CPU %-25s over %5.1f s: this JVM %6.0f ms (%5.0f us/delivery, %3.0f%% of 2 cores; JIT compiler"
                            + " %4d us/delivery), broker %6.0f ms (%4.0f us/delivery; JIT compiler %4d)%n",
                    what,
                    wall / 1e9,
                    jvm / 1e6,
                    jvm / 1e3 / n,
                    100.0 * jvm / wall / Runtime.getRuntime().availableProcessors(),
                    compiler(threads) * 10_000 / n,
                    brokerCpu / 1e6,
                    brokerCpu / 1e3 / n,
                    compiler(brokerThreads) * 10_000 / n);
            if (Boolean.getBoolean("bench.cpu-by-thread")) {
                out.println("  from " + started + ", JIT compilation time in this JVM: " + jitMillis + " ms");
                out.println("  by thread (name without digits, us/delivery): this JVM " + top(threads, n));
                out.println("  broker " + top(brokerThreads, n));
            }
        }

        private static long compiler(Map<String, Long> ticks) {
            return ticks.entrySet().stream()
                    .filter(e -> e.getKey().contains("CompilerThre"))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
        }

        private static String top(Map<String, Long> ticks, long deliveries) {
            // a clock tick is 10 ms on Linux (USER_HZ 100)
            return ticks.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(14)
                    .map(e -> e.getKey() + " " + (e.getValue() * 10_000 / deliveries))
                    .collect(java.util.stream.Collectors.joining(", "));
        }

        private static Map<String, Long> minus(Map<String, Long> now, Map<String, Long> before) {
            Map<String, Long> delta = new java.util.HashMap<>();
            now.forEach((name, ticks) -> delta.put(name, ticks - before.getOrDefault(name, 0L)));
            return delta;
        }

        /**
         * CPU clock ticks (user + system) of a process's live threads from /proc, summed by thread name without its
         * digits (Linux keeps 15 characters of a name); threads that ended meanwhile are not counted.
         */
        private static Map<String, Long> threadTicks(long pid) {
            Map<String, Long> ticks = new java.util.HashMap<>();
            try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
                tasks.forEach(task -> {
                    try {
                        String stat = Files.readString(task.resolve("stat"));
                        int close = stat.lastIndexOf(')');
                        String name =
                                stat.substring(stat.indexOf('(') + 1, close).replaceAll("[0-9]+", "N");
                        String[] fields = stat.substring(close + 2).split(" ");
                        ticks.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
                    } catch (java.io.IOException | RuntimeException e) {
                        // the thread ended meanwhile
                    }
                });
            } catch (java.io.IOException e) {
                // no /proc: nothing by thread
            }
            return ticks;
        }
    }

    private void print(String what, Histogram h, int alerts) {
        out.printf(
                "%-60s deliveries %5d of %5d  p50 %7.2f ms  p90 %7.2f ms  p99 %7.2f ms  p99.9 %7.2f ms  max %7.2f ms%n",
                what,
                h.getTotalCount(),
                (long) alerts * RECIPIENTS,
                h.getValueAtPercentile(50) / 1e6,
                h.getValueAtPercentile(90) / 1e6,
                h.getValueAtPercentile(99) / 1e6,
                h.getValueAtPercentile(99.9) / 1e6,
                h.getMaxValue() / 1e6);
    }

    private NotificationLoad() {}
}
