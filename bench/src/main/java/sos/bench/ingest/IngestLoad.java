package sos.bench.ingest;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import sos.bench.AlertPathKafka;
import sos.bench.OpenLoop;
import sos.bench.ProcessCpu;
import sos.bench.SignedAlerts;
import sos.local.Endpoints;
import sos.local.LocalStack;
import sos.local.RepoRoot;
import sos.local.StackOptions;

/**
 * Open-loop load on {@code POST /api/v1/alerts}: requests are sent on a fixed schedule whatever the answers do, and
 * each latency is measured from the request's scheduled start (so a stall is not hidden by coordinated omission),
 * into an HdrHistogram. The same run measures a baseline: a bare {@link KafkaProducer} (acks=all, idempotent,
 * linger.ms=0) sending a record of the same size to the same broker at the same rate and waiting for the ack.
 *
 * <p>Starts its own stack ({@link LocalStack}, random ports, a temporary directory), keeps only the broker and
 * alert-ingest running (dispatch, notification and audit are stopped, so they do not compete for the CPU), and
 * stops everything at the end.
 *
 * <p>Also in the same run, the HTTP floor: {@code GET /actuator/health/liveness} with the same client at the same
 * rate, i.e. what any answer over HTTP costs on these cores. A warm-up at the highest rate comes first (default 20 s),
 * then a 3 s settling at each rate; the load average is printed at each step.
 *
 * <p>Each phase also prints the CPU time alert-ingest and the broker spent per request (from /proc): unlike latency it
 * hardly changes with what else runs on the machine.
 *
 * <p>{@code ./run-bench ingest-load [--rates 200,1000] [--seconds 20] [--warmup-seconds 20] [--keep-services]}
 */
public final class IngestLoad {

    private static final String BASELINE_TOPIC = "bench.ingest.baseline";
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final PrintStream out = System.out;

    public static void main(String[] args) throws Exception {
        // the JDK client opens a connection for every request sent while all of its connections are busy (HTTP/1.1)
        // and keeps every one of them: after a few stalls it held about 5,000 idle connections to alert-ingest, whose
        // buffers (about 100 MB) the service then carried through every collection. A consulate's client keeps a
        // few; so does this one (at most 32 idle, the rest closed when done)
        if (System.getProperty("jdk.httpclient.connectionPoolSize") == null) {
            System.setProperty("jdk.httpclient.connectionPoolSize", "32");
        }
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--keep-services")) {
                options.put("keep-services", "true");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i].substring(2), args[++i]);
            }
        }
        List<Integer> rates = new ArrayList<>();
        for (String rate : options.getOrDefault("rates", "200,1000").split(",")) {
            rates.add(Integer.parseInt(rate.trim()));
        }
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "20"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup-seconds", "20"));
        new IngestLoad().run(rates, seconds, warmup, options.containsKey("keep-services"));
    }

    /** @param cpu CPU of alert-ingest and of the broker during the phase, in µs per request sent */
    record Result(String what, int rate, Histogram latency, long errors, long sent, String cpu) {}

    /** The processes whose CPU each phase reports: alert-ingest and the broker. */
    private long ingestPid;

    private long brokerPid;

    void run(List<Integer> rates, int seconds, int warmup, boolean keepServices) throws Exception {
        Path dir = Files.createTempDirectory("sos-bench-ingest");
        out.println("Starting a stack in " + dir + " (SOS_INGEST_REPEAT_WINDOW="
                + System.getenv().getOrDefault("SOS_INGEST_REPEAT_WINDOW", "<default 30m>") + ")");
        StackOptions options = StackOptions.randomPorts(dir, RepoRoot.find(), null);
        List<Result> results = new ArrayList<>();
        try (LocalStack stack = LocalStack.start(options, out)) {
            if (!keepServices) {
                for (String service : new String[] {"dispatch-service", "notification-service", "audit-service"}) {
                    stack.kill(service);
                }
                out.println("Stopped dispatch, notification and audit: only the broker and alert-ingest run.");
            }
            Endpoints endpoints = stack.endpoints();
            ingestPid = endpoints.pids().getOrDefault("alert-ingest", 0L);
            brokerPid = endpoints.pids().getOrDefault("kafka", 0L);
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            byte[] secret = endpoints.demo().secret().getBytes(StandardCharsets.UTF_8);
            try (KafkaProducer<String, byte[]> producer = AlertPathKafka.producer(endpoints.kafka())) {
                AlertPathKafka.createTopic(endpoints.kafka(), BASELINE_TOPIC);
                // one long warm-up at the highest rate first, so that the JIT has compiled the request path before
                // anything is measured (a 5 s warm-up at 200/s left it interpreting during the measurement)
                int top = rates.stream().max(Integer::compare).orElseThrow();
                out.printf("Warm-up at %d/s for %d s ... (load average %s)%n", top, warmup, OpenLoop.loadAverage());
                ingest(http, endpoints.ingest(), endpoints.demo().keyId(), secret, top, warmup);
                httpFloor(http, endpoints.ingest(), top, Math.max(1, warmup / 3));
                baseline(producer, top, Math.max(1, warmup / 3));
                for (int rate : rates) {
                    out.printf("Settling at %d/s for 3 s ...%n", rate);
                    ingest(http, endpoints.ingest(), endpoints.demo().keyId(), secret, rate, 3);
                    out.printf(
                            "Measuring at %d/s for %d s ... (load average %s)%n",
                            rate, seconds, OpenLoop.loadAverage());
                    results.add(
                            ingest(http, endpoints.ingest(), endpoints.demo().keyId(), secret, rate, seconds));
                    results.add(baseline(producer, rate, seconds));
                    results.add(httpFloor(http, endpoints.ingest(), rate, seconds));
                }
                out.printf("Done (load average %s)%n", OpenLoop.loadAverage());
            }
        }
        print(results);
    }

    private Result ingest(HttpClient http, String base, String keyId, byte[] secret, int rate, int seconds)
            throws InterruptedException {
        URI uri = URI.create(base + "/api/v1/alerts");
        return openLoop(
                "alert-ingest POST",
                rate,
                seconds,
                () -> http.sendAsync(
                                SignedAlerts.post(
                                        uri, keyId, secret, UUID.randomUUID().toString()),
                                HttpResponse.BodyHandlers.discarding())
                        .thenApply(response -> response.statusCode() == 202));
    }

    /**
     * The floor of any answer over HTTP on these cores: the same client, the same Tomcat and Spring MVC, no signature,
     * no parsing, no broker ({@code GET /actuator/health/liveness}).
     */
    private Result httpFloor(HttpClient http, String base, int rate, int seconds) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/actuator/health/liveness"))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        return openLoop(
                "HTTP floor: GET liveness",
                rate,
                seconds,
                () -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                        .thenApply(response -> response.statusCode() == 200));
    }

    private Result baseline(KafkaProducer<String, byte[]> producer, int rate, int seconds) throws InterruptedException {
        byte[] value = new byte[420]; // about the size of an AlertRaised as JSON
        return openLoop("bare KafkaProducer send+ack", rate, seconds, () -> {
            CompletableFuture<Boolean> done = new CompletableFuture<>();
            String key = UUID.randomUUID().toString();
            producer.send(new ProducerRecord<>(BASELINE_TOPIC, key, value), (metadata, e) -> done.complete(e == null));
            return done;
        });
    }

    interface Operation {
        CompletableFuture<Boolean> start();
    }

    /** Starts {@code rate} operations a second on schedule and records each one's latency from its scheduled time. */
    private Result openLoop(String what, int rate, int seconds, Operation operation) throws InterruptedException {
        Recorder recorder = new Recorder(TimeUnit.MINUTES.toNanos(1), 3);
        AtomicLong errors = new AtomicLong();
        AtomicLong pending = new AtomicLong();
        long total = (long) rate * seconds;
        long ingestCpu = ProcessCpu.millis(ingestPid);
        long brokerCpu = ProcessCpu.millis(brokerPid);
        recorder.reset();
        OpenLoop.run(rate, total, (i, scheduled) -> {
            pending.incrementAndGet();
            CompletableFuture<Boolean> result;
            try {
                result = operation.start();
            } catch (RuntimeException e) {
                errors.incrementAndGet();
                pending.decrementAndGet();
                return;
            }
            result.whenComplete((ok, failure) -> {
                long latency = System.nanoTime() - scheduled;
                recorder.recordValue(Math.min(latency, TimeUnit.MINUTES.toNanos(1)));
                if (failure != null || !Boolean.TRUE.equals(ok)) {
                    errors.incrementAndGet();
                }
                pending.decrementAndGet();
            });
        });
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        errors.addAndGet(pending.get()); // never answered in time
        String cpu = String.format(
                "%.0f / %.0f",
                (ProcessCpu.millis(ingestPid) - ingestCpu) * 1000.0 / total,
                (ProcessCpu.millis(brokerPid) - brokerCpu) * 1000.0 / total);
        return new Result(what, rate, recorder.getIntervalHistogram(), errors.get(), total, cpu);
    }

    private void print(List<Result> results) {
        out.println();
        out.println("| what | rate/s | requests | errors | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |"
                + " CPU µs/request: alert-ingest / broker |");
        out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Result r : results) {
            Histogram h = r.latency();
            out.printf(
                    "| %s | %d | %d | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %s |%n",
                    r.what(),
                    r.rate(),
                    r.sent(),
                    r.errors(),
                    ms(h.getValueAtPercentile(50)),
                    ms(h.getValueAtPercentile(90)),
                    ms(h.getValueAtPercentile(99)),
                    ms(h.getValueAtPercentile(99.9)),
                    ms(h.getMaxValue()),
                    r.cpu());
        }
        out.println();
        for (int i = 0; i + 2 < results.size(); i += 3) {
            Histogram ingest = results.get(i).latency();
            Histogram base = results.get(i + 1).latency();
            Histogram floor = results.get(i + 2).latency();
            out.printf(
                    "at %d/s: alert-ingest / bare producer: p50 x%.1f, p99 x%.1f; alert-ingest / HTTP floor: p50 x%.1f,"
                            + " p99 x%.1f%n",
                    results.get(i).rate(),
                    ratio(ingest, base, 50),
                    ratio(ingest, base, 99),
                    ratio(ingest, floor, 50),
                    ratio(ingest, floor, 99));
        }
    }

    private static double ratio(Histogram a, Histogram b, double percentile) {
        return (double) a.getValueAtPercentile(percentile) / Math.max(1, b.getValueAtPercentile(percentile));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
