package sos.bench.dispatch;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import sos.bench.OpenLoop;
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
 * Unit position reports at a fixed rate (open loop), spread over every unit of the fleet, through dispatch-service's
 * unit API ({@code POST /api/v1/units/{unitId}/position}, one request per report, each unit with its own token) or,
 * with {@code --batch N}, through the AVL gateway endpoint ({@code POST /api/v1/units/positions}, N reports per request:
 * 2,000 reports/s with {@code --batch 100} is 20 requests/s), while a reader of the compacted {@code sos.units.state}
 * measures, per record: the consumer lag (time read minus the record's broker timestamp) and the end-to-end lag (time
 * read minus the report's fix time {@code at}, which is the time the report was due: a gateway's batch carries the
 * fixes of the last N / rate seconds, the request going out when its last fix is due). HTTP latencies are measured
 * from the scheduled send time (no coordinated omission). The same-run baseline ({@code --baseline}): the per-unit API
 * at the same rate ({@code unit}, the default with {@code --batch}), {@code GET /actuator/health/liveness} at the same
 * request rate ({@code liveness}, the default without), or {@code none}.
 *
 * <p>Starts its own stack (random ports, a temporary directory, an AVL gateway {@code bench-avl} for both agencies with
 * a random secret) and keeps only the broker and dispatch-service.
 *
 * <pre>./run-bench dispatch-positions [--rate 2000] [--seconds 20] [--warmup-seconds 5] [--batch 100]
 *     [--baseline unit|liveness|none]</pre>
 */
public final class PositionLoad {

    private static final long MAX_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final PrintStream out = System.out;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int batch = Integer.parseInt(options.getOrDefault("batch", "0"));
        new PositionLoad()
                .run(
                        Integer.parseInt(options.getOrDefault("rate", "2000")),
                        Integer.parseInt(options.getOrDefault("seconds", "20")),
                        Integer.parseInt(options.getOrDefault("warmup-seconds", "5")),
                        batch,
                        options.getOrDefault("baseline", batch > 0 ? "unit" : "liveness"));
    }

    /** What a phase sends: reports one per request, in batches, or liveness GETs. */
    private interface Mode {
        String name();

        /** What the CPU time is divided by: "position report" or "request". */
        String per();

        Run run(int seconds);
    }

    /** A measured phase: its answers, the lag of what it published, and dispatch-service's CPU time. */
    private record Phase(
            Mode mode,
            Run run,
            Histogram consumerLag,
            Histogram endToEnd,
            long read,
            Set<Instant> readFixes,
            long cpu) {}

    void run(int rate, int seconds, int warmup, int batch, String baselineName) throws Exception {
        if (batch < 0 || batch > 500 || (batch > 0 && rate % batch != 0)) {
            throw new IllegalArgumentException("--batch must be 1..500 and divide --rate");
        }
        Path dir = Files.createTempDirectory("sos-bench-positions");
        out.println("Starting a stack in " + dir);
        String gatewaySecret = GatewayPositions.randomSecret();
        StackOptions options = StackOptions.randomPorts(dir, RepoRoot.find(), null)
                .withServiceEnv(GatewayPositions.serviceEnv(gatewaySecret));
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
            List<String> units = GatewayPositions.units(
                    http, endpoints.dispatch(), endpoints.demo().dispatchOpsToken());
            String secret = System.getenv().getOrDefault("SOS_DISPATCH_UNIT_TOKEN_SECRET", "local-unit-token-secret");
            List<String> tokens = units.stream()
                    .map(unit -> GatewayPositions.token(secret, unit))
                    .toList();
            String base = endpoints.dispatch();
            Mode perUnit = mode(
                    "POST /units/{unitId}/position",
                    "position report",
                    s -> positions(http, base, units, tokens, rate, s));
            Mode liveness =
                    mode("GET liveness", "request", s -> liveness(http, base, batch > 0 ? rate / batch : rate, s));
            Mode main = batch > 0
                    ? mode(
                            "POST /units/positions, " + batch + " a request",
                            "position report",
                            s -> batches(
                                    http,
                                    base,
                                    units,
                                    GatewayPositions.token(gatewaySecret, GatewayPositions.GATEWAY),
                                    rate,
                                    batch,
                                    s))
                    : perUnit;
            Mode baseline = switch (baselineName) {
                case "unit" -> batch > 0 ? perUnit : null;
                case "liveness" -> liveness;
                case "none" -> null;
                default -> throw new IllegalArgumentException("--baseline unit|liveness|none");
            };
            out.printf(
                    "%d units; %s at %d reports/s; baseline %s; warm-up %d s each ...%n",
                    units.size(), main.name(), rate, baseline == null ? "none" : baseline.name(), warmup);
            Lag lag = new Lag(endpoints.kafka());
            lag.start();
            main.run(warmup);
            if (baseline != null) {
                baseline.run(warmup);
            }
            long dispatchPid = endpoints.pids().get("dispatch-service");
            Phase measured = measure(main, seconds, rate, lag, dispatchPid);
            Phase compared = baseline == null ? null : measure(baseline, seconds, rate, lag, dispatchPid);
            lag.stop();
            out.println();
            out.printf("load average at the end: %s%n", OpenLoop.loadAverage());
            print(measured);
            if (compared != null) {
                print(compared);
                out.printf(
                        "%s p50 / %s p50 = %.2f, p99 / p99 = %.2f%n",
                        measured.mode().name(),
                        compared.mode().name(),
                        measured.run().latency().getValueAtPercentile(50)
                                / (double) Math.max(1, compared.run().latency().getValueAtPercentile(50)),
                        measured.run().latency().getValueAtPercentile(99)
                                / (double) Math.max(1, compared.run().latency().getValueAtPercentile(99)));
            }
        }
    }

    private static Mode mode(String name, String per, java.util.function.IntFunction<Run> run) {
        return new Mode() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String per() {
                return per;
            }

            @Override
            public Run run(int seconds) {
                return run.apply(seconds);
            }
        };
    }

    private Phase measure(Mode mode, int seconds, int rate, Lag lag, long dispatchPid) throws InterruptedException {
        out.printf("Measuring %s for %d s (load average %s) ...%n", mode.name(), seconds, OpenLoop.loadAverage());
        lag.countFrom(Instant.now());
        long cpuBefore = sos.bench.ProcessCpu.millis(dispatchPid);
        Run run = mode.run(seconds);
        long cpu = sos.bench.ProcessCpu.millis(dispatchPid) - cpuBefore;
        Thread.sleep(2000); // let the reader drain
        return new Phase(
                mode,
                run,
                lag.consumer.getIntervalHistogram(),
                lag.endToEnd.getIntervalHistogram(),
                lag.read.get(),
                Set.copyOf(lag.fixes),
                cpu);
    }

    private void print(Phase phase) {
        Run run = phase.run();
        out.println();
        out.printf("== %s: %d sent%n", phase.mode().name(), run.sent());
        out.printf(
                "  %d answered as published (GET: 200), %d answered 200 but not published (superseded or rejected), %d in"
                        + " failed requests, %d unanswered; not published or failed, by reason or status: %s%n",
                run.ok(), run.refused(), run.errors(), run.unanswered(), run.outcomes());
        if (run.firstError() != null) {
            out.println("  first error: " + run.firstError());
        }
        if (!run.published().isEmpty()) {
            // every report answered as published must have been read; a report the client gave up on (time-out) may
            // still have been published and read
            Set<Instant> notRead = new java.util.HashSet<>(run.published());
            notRead.removeAll(phase.readFixes());
            Set<Instant> readWithoutAnswer = new java.util.HashSet<>(phase.readFixes());
            readWithoutAnswer.removeAll(run.published());
            out.printf(
                    "  positions published and answered %d: %s; records read %d (%d of reports the client had given"
                            + " up on)%n",
                    run.published().size(),
                    notRead.isEmpty() ? "every one read" : notRead.size() + " NOT READ",
                    phase.read(),
                    readWithoutAnswer.size());
        }
        print("  HTTP request (from scheduled send)", run.latency());
        if (phase.read() > 0) {
            print("  consumer lag (read - record timestamp)", phase.consumerLag());
            print("  end-to-end (read - fix time)", phase.endToEnd());
        }
        out.printf(
                "  dispatch-service CPU: %d ms, %.0f us per %s sent%n",
                phase.cpu(),
                phase.cpu() * 1000.0 / Math.max(1, run.sent()),
                phase.mode().per());
    }

    /**
     * One open-loop phase: latencies from the scheduled send time, and what the answers were, counted in positions
     * (requests for the liveness GET).
     *
     * @param ok answered as published (or, for a GET, 200)
     * @param refused answered 200 but not published: superseded (an older fix than the unit's newest), rejected
     * @param errors in requests answered otherwise or not at all
     * @param outcomes the refusals and errors by reason or status ({@code -1}: no answer, e.g. a time-out)
     * @param published the fix times answered as published
     */
    record Run(
            Histogram latency,
            long sent,
            long ok,
            long refused,
            long errors,
            Map<String, Long> outcomes,
            long unanswered,
            String firstError,
            Set<Instant> published) {}

    /** What a phase counts, from any thread. */
    private static final class Tally {
        final AtomicLong ok = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final Map<String, Long> outcomes = new java.util.concurrent.ConcurrentSkipListMap<>();
        final java.util.concurrent.atomic.AtomicReference<String> firstError =
                new java.util.concurrent.atomic.AtomicReference<>();
        final Set<Instant> published = java.util.concurrent.ConcurrentHashMap.newKeySet();

        void refused(String why) {
            refused.incrementAndGet();
            outcomes.merge(why, 1L, Long::sum);
        }
    }

    private Run positions(
            HttpClient http, String base, List<String> units, List<String> tokens, int rate, int seconds) {
        return openLoop(
                rate,
                seconds,
                1,
                (i, scheduledAt, wallStart) -> {
                    int u = (int) (i % units.size());
                    return HttpRequest.newBuilder(URI.create(base + "/api/v1/units/" + units.get(u) + "/position"))
                            .timeout(Duration.ofSeconds(10))
                            .header("Authorization", "Bearer " + tokens.get(u))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{" + GatewayPositions.fix(i, scheduledAt) + "}"))
                            .build();
                },
                http,
                // the answer is the unit's state: its positionAt is this report's fix unless a newer one got there
                // first (then it is not published, by design)
                (i, scheduledAt, wallStart, body, tally) -> {
                    if (body.contains("\"positionAt\":\"" + scheduledAt + "\"")) {
                        tally.ok.incrementAndGet();
                        tally.published.add(scheduledAt);
                    } else {
                        tally.refused("superseded");
                    }
                });
    }

    /**
     * Batches of {@code batch} reports through the gateway endpoint, {@code rate / batch} requests per second: request
     * k carries reports k * batch ... (k + 1) * batch - 1, each with its own fix time, and goes out when its last fix
     * is due.
     */
    private Run batches(
            HttpClient http, String base, List<String> units, String token, int rate, int batch, int seconds) {
        URI uri = URI.create(base + "/api/v1/units/positions");
        return openLoop(
                rate / batch,
                seconds,
                batch,
                (k, scheduledAt, wallStart) -> GatewayPositions.batch(uri, token, units, k, batch, rate, wallStart),
                http,
                (k, scheduledAt, wallStart, body, tally) -> {
                    for (var result : EventJson.mapper().readTree(body).path("results")) {
                        if (result.path("status").asString().equals("accepted")) {
                            tally.ok.incrementAndGet();
                            tally.published.add(GatewayPositions.fixTime(
                                    wallStart, k * batch + result.path("index").asInt() - batch + 1, rate));
                        } else {
                            tally.refused(result.path("reason").asString());
                        }
                    }
                });
    }

    private Run liveness(HttpClient http, String base, int rate, int seconds) {
        URI uri = URI.create(base + "/actuator/health/liveness");
        return openLoop(
                rate,
                seconds,
                1,
                (i, at, wallStart) -> HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                http,
                (i, at, wallStart, body, tally) -> tally.ok.incrementAndGet());
    }

    interface RequestFactory {
        /** Request {@code i}, due at {@code scheduledAt}; the phase's first request is due at {@code wallStart}. */
        HttpRequest create(long i, Instant scheduledAt, long wallStartNanos);
    }

    /** Counts what a 200 answer to request {@code i} says. */
    interface Answer {
        void count(long i, Instant scheduledAt, long wallStartNanos, String body, Tally tally);
    }

    /**
     * {@code rate} requests per second for {@code seconds}, never waiting for an answer; each carries
     * {@code perRequest} positions (what a failed request loses).
     */
    private Run openLoop(
            int rate, int seconds, int perRequest, RequestFactory requests, HttpClient http, Answer answer) {
        Recorder recorder = new Recorder(MAX_NANOS, 3);
        AtomicLong pending = new AtomicLong();
        Tally tally = new Tally();
        long total = (long) rate * seconds;
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long wallStart = System.currentTimeMillis() * 1_000_000L + TimeUnit.MILLISECONDS.toNanos(50);
        OpenLoop.run(rate, total, (i, scheduled) -> {
            Instant scheduledAt = Instant.ofEpochSecond(0, wallStart + i * interval);
            pending.incrementAndGet();
            http.sendAsync(requests.create(i, scheduledAt, wallStart), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, failure) -> {
                        recorder.recordValue(Math.min(System.nanoTime() - scheduled, MAX_NANOS));
                        if (failure == null && response.statusCode() == 200) {
                            answer.count(i, scheduledAt, wallStart, response.body(), tally);
                        } else {
                            tally.errors.addAndGet(perRequest);
                            tally.outcomes.merge(
                                    String.valueOf(failure == null ? response.statusCode() : -1),
                                    (long) perRequest,
                                    Long::sum);
                            tally.firstError.compareAndSet(
                                    null,
                                    failure != null
                                            ? failure.toString()
                                            : response.statusCode() + " " + response.body());
                        }
                        pending.decrementAndGet();
                    });
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(10_000_000);
        }
        return new Run(
                recorder.getIntervalHistogram(),
                total * perRequest,
                tally.ok.get(),
                tally.refused.get(),
                tally.errors.get(),
                tally.outcomes,
                pending.get() * perRequest,
                tally.firstError.get(),
                tally.published);
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
}
