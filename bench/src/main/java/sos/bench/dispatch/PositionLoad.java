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
            // a few threads for the client's completions: its default executor starts a thread per completion, which
            // under load made the generator itself the bottleneck (thousands of threads on two cores)
            java.util.concurrent.ExecutorService clientThreads =
                    java.util.concurrent.Executors.newFixedThreadPool(4, task -> {
                        Thread thread = new Thread(task, "position-load-client");
                        thread.setDaemon(true);
                        return thread;
                    });
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .executor(clientThreads)
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
            String base = endpoints.dispatch();
            positions(http, base, units, tokens, rate, warmup);
            liveness(http, base, rate, warmup);
            long dispatchPid = endpoints.pids().get("dispatch-service");
            out.printf("Measuring at %d/s for %d s (load average %s) ...%n", rate, seconds, loadAverage());
            Instant measuring = Instant.now();
            lag.countFrom(measuring);
            long cpuBefore = cpuMillis(dispatchPid);
            Run post = positions(http, base, units, tokens, rate, seconds);
            long postCpu = cpuMillis(dispatchPid) - cpuBefore;
            Thread.sleep(2000); // let the reader drain
            Histogram consumer = lag.consumer.getIntervalHistogram();
            Histogram endToEnd = lag.endToEnd.getIntervalHistogram();
            long read = lag.read.get();
            cpuBefore = cpuMillis(dispatchPid);
            Run baseline = liveness(http, base, rate, seconds);
            long baselineCpu = cpuMillis(dispatchPid) - cpuBefore;
            lag.stop();
            long sent = (long) rate * seconds;
            out.println();
            out.printf("load average at the end: %s%n", loadAverage());
            out.printf(
                    "rate %d/s for %d s, %d units: %d sent, %d answered 200 (%d of them superseded: older than the"
                            + " unit's newest fix, not published by design), %d errors %s, %d unanswered%n",
                    rate,
                    seconds,
                    units.size(),
                    sent,
                    post.ok(),
                    post.superseded(),
                    post.errors(),
                    post.statuses(),
                    post.unanswered());
            if (post.firstError() != null) {
                out.println("first error: " + post.firstError());
            }
            // every report answered 200 and not superseded must have been read; a report the client gave up on
            // (time-out)
            // may still have been published and read
            java.util.Set<Instant> notRead = new java.util.HashSet<>(post.published());
            notRead.removeAll(lag.fixes);
            java.util.Set<Instant> readWithoutAnswer = new java.util.HashSet<>(lag.fixes);
            readWithoutAnswer.removeAll(post.published());
            out.printf(
                    "reports published and answered 200 %d: %s; records read %d (%d of reports the client had given up"
                            + " on)%n",
                    post.published().size(),
                    notRead.isEmpty() ? "every one read" : notRead.size() + " NOT READ",
                    read,
                    readWithoutAnswer.size());
            print("POST position (HTTP, from scheduled send)", post.latency());
            print("GET liveness (HTTP baseline, same rate)", baseline.latency());
            print("consumer lag (read - record timestamp)", consumer);
            print("end-to-end (read - scheduled send)", endToEnd);
            out.printf(
                    "POST p50 / baseline p50 = %.2f, p99 / p99 = %.2f%n",
                    post.latency().getValueAtPercentile(50)
                            / (double) Math.max(1, baseline.latency().getValueAtPercentile(50)),
                    post.latency().getValueAtPercentile(99)
                            / (double) Math.max(1, baseline.latency().getValueAtPercentile(99)));
            out.printf(
                    "dispatch-service CPU: %.0f us per position report, %.0f us per liveness GET (baseline errors %d)%n",
                    postCpu * 1000.0 / sent, baselineCpu * 1000.0 / sent, baseline.errors());
        }
    }

    /** One open-loop phase: latencies from the scheduled send time, and what the answers were. */
    record Run(
            Histogram latency,
            long ok,
            long superseded,
            long errors,
            Map<Integer, Long> statuses,
            long unanswered,
            String firstError,
            java.util.Set<Instant> published) {}

    private Run positions(
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
                http,
                // the answer is the unit's state: its positionAt is this report's fix unless a newer one got there
                // first
                (scheduledAt, answer) -> !answer.contains("\"positionAt\":\"" + scheduledAt + "\""));
    }

    private Run liveness(HttpClient http, String base, int rate, int seconds) {
        URI uri = URI.create(base + "/actuator/health/liveness");
        return openLoop(
                rate,
                seconds,
                (i, at) -> HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                http,
                (at, answer) -> false);
    }

    interface RequestFactory {
        HttpRequest create(long i, Instant scheduledAt);
    }

    /** Whether a 200 answer says the request was superseded (the request's scheduled time, the body). */
    interface Superseded {
        boolean test(Instant scheduledAt, String body);
    }

    private Run openLoop(int rate, int seconds, RequestFactory requests, HttpClient http, Superseded superseded) {
        Recorder recorder = new Recorder(MAX_NANOS, 3);
        AtomicLong pending = new AtomicLong();
        AtomicLong ok = new AtomicLong();
        AtomicLong stale = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        java.util.Set<Instant> published = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Map<Integer, Long> statuses = new java.util.concurrent.ConcurrentSkipListMap<>();
        java.util.concurrent.atomic.AtomicReference<String> firstError =
                new java.util.concurrent.atomic.AtomicReference<>();
        long total = (long) rate * seconds;
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        long wallStart = System.currentTimeMillis() * 1_000_000L + TimeUnit.MILLISECONDS.toNanos(50);
        for (long i = 0; i < total; i++) {
            long scheduled = start + i * interval;
            long wait;
            while ((wait = scheduled - System.nanoTime()) > 0) {
                LockSupport.parkNanos(Math.min(wait, 200_000));
            }
            Instant scheduledAt = Instant.ofEpochSecond(0, wallStart + i * interval);
            pending.incrementAndGet();
            http.sendAsync(requests.create(i, scheduledAt), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, failure) -> {
                        recorder.recordValue(Math.min(System.nanoTime() - scheduled, MAX_NANOS));
                        if (failure == null && response.statusCode() == 200) {
                            ok.incrementAndGet();
                            if (superseded.test(scheduledAt, response.body())) {
                                stale.incrementAndGet();
                            } else {
                                published.add(scheduledAt);
                            }
                        } else {
                            errors.incrementAndGet();
                            statuses.merge(failure == null ? response.statusCode() : -1, 1L, Long::sum);
                            firstError.compareAndSet(
                                    null,
                                    failure != null
                                            ? failure.toString()
                                            : response.statusCode() + " " + response.body());
                        }
                        pending.decrementAndGet();
                    });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(10_000_000);
        }
        return new Run(
                recorder.getIntervalHistogram(),
                ok.get(),
                stale.get(),
                errors.get(),
                statuses,
                pending.get(),
                firstError.get(),
                published);
    }

    /** User + system CPU time of a process so far, in milliseconds (Linux /proc; 0 elsewhere). */
    private static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields from "state": utime is field 14 of the line, i.e. index 11 here; stime follows
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 10; // USER_HZ is 100 on Linux
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Reads sos.units.state from its end and records each record's lag. */
    private static final class Lag {

        final Recorder consumer = new Recorder(MAX_NANOS, 3);
        final Recorder endToEnd = new Recorder(MAX_NANOS, 3);
        final AtomicLong read = new AtomicLong();
        /** The fix times read (each report's scheduled send time). */
        final java.util.Set<Instant> fixes = java.util.concurrent.ConcurrentHashMap.newKeySet();
        /** Only reports whose fix time is at or after this are counted (not the warm-up's). */
        private volatile Instant from = Instant.MAX;

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
                                    if (!(record.value() instanceof UnitStateChanged state)
                                            || state.positionAt() == null
                                            || state.positionAt().isBefore(from)) {
                                        continue;
                                    }
                                    long nowMillis = System.currentTimeMillis();
                                    consumer.recordValue(Math.min(
                                            Math.max(0, nowMillis - record.timestamp()) * 1_000_000L, MAX_NANOS));
                                    long nanos = Duration.between(state.positionAt(), Instant.now())
                                            .toNanos();
                                    endToEnd.recordValue(Math.min(Math.max(0, nanos), MAX_NANOS));
                                    read.incrementAndGet();
                                    fixes.add(state.positionAt());
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

        void countFrom(Instant from) {
            consumer.reset();
            endToEnd.reset();
            read.set(0);
            fixes.clear();
            this.from = from;
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(5000);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
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
