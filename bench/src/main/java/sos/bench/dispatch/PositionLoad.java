package sos.bench.dispatch;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import sos.contracts.EventJson;
import sos.contracts.SosEvent;
import sos.contracts.SosEventDeserializer;
import sos.contracts.Topics;
import sos.contracts.UnitStateChanged;
import sos.local.Endpoints;
import sos.local.LocalStack;
import sos.local.RepoRoot;
import sos.local.StackOptions;

/**
 * Unit position reports at a fixed rate (open loop) through dispatch-service's unit API ({@code POST
 * /api/v1/units/{unitId}/position}, each unit with its own token), spread over every unit of the fleet, while a reader
 * of the compacted {@code sos.units.state} measures, per record: the consumer lag (time read minus the record's
 * broker timestamp) and the end-to-end lag (time read minus the report's scheduled send time, carried as the fix time
 * {@code at}). HTTP latencies are measured from the scheduled send time (no coordinated omission). The same-run
 * baseline is the HTTP round trip of {@code GET /actuator/health/liveness} at the same rate.
 *
 * <p>Starts its own stack (random ports, a temporary directory) and keeps only the broker and dispatch-service.
 *
 * <pre>./run-bench dispatch-positions [--rate 2000] [--seconds 20] [--warmup-seconds 5]</pre>
 */
public final class PositionLoad {

    private static final long MAX_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final PrintStream out = System.out;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        new PositionLoad()
                .run(
                        Integer.parseInt(options.getOrDefault("rate", "2000")),
                        Integer.parseInt(options.getOrDefault("seconds", "20")),
                        Integer.parseInt(options.getOrDefault("warmup-seconds", "5")));
    }

    void run(int rate, int seconds, int warmup) throws Exception {
        Path dir = Files.createTempDirectory("sos-bench-positions");
        out.println("Starting a stack in " + dir);
        StackOptions options = StackOptions.randomPorts(dir, RepoRoot.find(), null);
        try (LocalStack stack = LocalStack.start(options, out)) {
            for (String service : new String[] {"alert-ingest", "notification-service", "audit-service"}) {
                stack.kill(service);
            }
            Endpoints endpoints = stack.endpoints();
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            List<String> units = new ArrayList<>();
            HttpResponse<String> list = http.send(
                    HttpRequest.newBuilder(URI.create(endpoints.dispatch() + "/api/v1/units"))
                            .header(
                                    "Authorization",
                                    "Bearer " + endpoints.demo().dispatchOpsToken())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            EventJson.mapper()
                    .readTree(list.body())
                    .forEach(unit -> units.add(unit.path("unitId").asString()));
            String secret = System.getenv().getOrDefault("SOS_DISPATCH_UNIT_TOKEN_SECRET", "local-unit-token-secret");
            List<String> tokens =
                    units.stream().map(unit -> token(secret, unit)).toList();
            out.printf("%d units; warm-up at %d/s for %d s ...%n", units.size(), rate, warmup);
            Lag lag = new Lag(endpoints.kafka());
            lag.start();
            positions(http, endpoints.dispatch(), units, tokens, rate, warmup);
            liveness(http, endpoints.dispatch(), rate, warmup);
            lag.reset();
            errors.set(0);
            out.printf("Measuring at %d/s for %d s ...%n", rate, seconds);
            Histogram post = positions(http, endpoints.dispatch(), units, tokens, rate, seconds);
            long postErrors = errors.get();
            Thread.sleep(2000); // let the reader drain
            Histogram consumer = lag.consumer.getIntervalHistogram();
            Histogram endToEnd = lag.endToEnd.getIntervalHistogram();
            long read = lag.read.get();
            Histogram baseline = liveness(http, endpoints.dispatch(), rate, seconds);
            lag.stop();
            out.println();
            out.printf(
                    "rate %d/s for %d s, %d units, %d records read (%d sent, %d errors)%n",
                    rate, seconds, units.size(), read, (long) rate * seconds, postErrors);
            print("POST position (HTTP, from scheduled send)", post);
            print("GET liveness (HTTP baseline, same rate)", baseline);
            print("consumer lag (read - record timestamp)", consumer);
            print("end-to-end (read - scheduled send)", endToEnd);
            out.printf(
                    "POST p50 / baseline p50 = %.2f%n",
                    post.getValueAtPercentile(50) / (double) Math.max(1, baseline.getValueAtPercentile(50)));
        }
    }

    private final AtomicLong errors = new AtomicLong();

    private Histogram positions(
            HttpClient http, String base, List<String> units, List<String> tokens, int rate, int seconds) {
        return openLoop(
                rate,
                seconds,
                (i, scheduledAt) -> {
                    int u = (int) (i % units.size());
                    double lat = 24.80 + (i % 1000) * 0.0001;
                    double lon = 67.00 + (i % 977) * 0.0001;
                    String body =
                            "{\"lat\":" + lat + ",\"lon\":" + lon + ",\"at\":\"" + scheduledAt + "\",\"speedKmh\":30}";
                    return HttpRequest.newBuilder(URI.create(base + "/api/v1/units/" + units.get(u) + "/position"))
                            .timeout(Duration.ofSeconds(10))
                            .header("Authorization", "Bearer " + tokens.get(u))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build();
                },
                http);
    }

    private Histogram liveness(HttpClient http, String base, int rate, int seconds) {
        URI uri = URI.create(base + "/actuator/health/liveness");
        return openLoop(
                rate,
                seconds,
                (i, at) -> HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                http);
    }

    interface RequestFactory {
        HttpRequest create(long i, Instant scheduledAt);
    }

    private Histogram openLoop(int rate, int seconds, RequestFactory requests, HttpClient http) {
        Recorder recorder = new Recorder(MAX_NANOS, 3);
        AtomicLong pending = new AtomicLong();
        long total = (long) rate * seconds;
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        long wallStart = System.currentTimeMillis() * 1_000_000L + TimeUnit.MILLISECONDS.toNanos(50);
        recorder.reset();
        for (long i = 0; i < total; i++) {
            long scheduled = start + i * interval;
            long wait;
            while ((wait = scheduled - System.nanoTime()) > 0) {
                LockSupport.parkNanos(Math.min(wait, 200_000));
            }
            long wallNanos = wallStart + i * interval;
            Instant scheduledAt = Instant.ofEpochSecond(0, wallNanos);
            pending.incrementAndGet();
            http.sendAsync(requests.create(i, scheduledAt), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> {
                        recorder.recordValue(Math.min(System.nanoTime() - scheduled, MAX_NANOS));
                        if (failure != null || response.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                        pending.decrementAndGet();
                    });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(10_000_000);
        }
        return recorder.getIntervalHistogram();
    }

    /** Reads sos.units.state from its end and records each record's lag. */
    private static final class Lag {

        final Recorder consumer = new Recorder(MAX_NANOS, 3);
        final Recorder endToEnd = new Recorder(MAX_NANOS, 3);
        final AtomicLong read = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Lag(String bootstrap) {
            thread = new Thread(
                    () -> {
                        try (KafkaConsumer<String, SosEvent> reader = new KafkaConsumer<>(
                                Map.of(
                                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                        bootstrap,
                                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                        false),
                                new StringDeserializer(),
                                new SosEventDeserializer())) {
                            String topic = Topics.UNIT_STATE.name();
                            List<TopicPartition> partitions =
                                    reader.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                                            .map(info -> new TopicPartition(topic, info.partition()))
                                            .toList();
                            reader.assign(partitions);
                            reader.seekToEnd(partitions);
                            while (running.get()) {
                                for (ConsumerRecord<String, SosEvent> record : reader.poll(Duration.ofMillis(50))) {
                                    long nowMillis = System.currentTimeMillis();
                                    consumer.recordValue(Math.min(
                                            Math.max(0, nowMillis - record.timestamp()) * 1_000_000L, MAX_NANOS));
                                    if (record.value() instanceof UnitStateChanged state
                                            && state.positionAt() != null) {
                                        long nanos = Duration.between(state.positionAt(), Instant.now())
                                                .toNanos();
                                        endToEnd.recordValue(Math.min(Math.max(0, nanos), MAX_NANOS));
                                    }
                                    read.incrementAndGet();
                                }
                            }
                        }
                    },
                    "units-state-lag");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void reset() {
            consumer.reset();
            endToEnd.reset();
            read.set(0);
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(5000);
        }
    }

    private void print(String what, Histogram histogram) {
        out.printf(
                "%-45s n=%7d  p50 %8.2f ms  p90 %8.2f ms  p99 %8.2f ms  p99.9 %8.2f ms  max %8.2f ms%n",
                what,
                histogram.getTotalCount(),
                histogram.getValueAtPercentile(50) / 1e6,
                histogram.getValueAtPercentile(90) / 1e6,
                histogram.getValueAtPercentile(99) / 1e6,
                histogram.getValueAtPercentile(99.9) / 1e6,
                histogram.getMaxValue() / 1e6);
    }

    /** The unit's Bearer token as dispatch-service derives it: hex HMAC-SHA256(unit id). */
    private static String token(String secret, String unitId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(unitId.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
