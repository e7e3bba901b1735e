package sos.bench.e2e;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import sos.bench.OpenLoop;
import sos.bench.dispatch.GatewayPositions;
import sos.local.Endpoints;
import sos.local.LocalStack;
import sos.local.RepoRoot;
import sos.local.StackOptions;

/**
 * The headline benchmark: signed alerts at a set rate (open loop, unit positions beside them) through the whole local
 * stack, from the POST to the first notification at a local webhook receiver, against the Kafka floor (the same hops
 * with plain clients on the same broker, {@link FloorService}) and a peer (Prometheus Alertmanager, {@link
 * Alertmanager}) driven by the same generator at the same rates. Phases: each of {@code --rates}, then the highest
 * rate whose pipeline e2e p99 stays at or under {@code --limit-ms} ({@link RateSearch}). Writes a markdown table and a
 * PNG plot to {@code --out}.
 *
 * <p>Exit code 1 when, at a fixed rate, the pipeline did not accept every alert (202, a new incident) or did not
 * notify every accepted one within {@code --drain-seconds} of the last send.
 */
public final class EndToEndBench {

    /**
     * How long a system may take after a phase to work off what the phase left behind (an overloaded phase leaves
     * minutes of it) before the next phase starts.
     */
    private static final int SETTLE_SECONDS = 240;

    private final PrintStream out = System.out;
    private final Options options;
    private final HttpClient http;
    private Receiver receiver;
    private PositionFeed feed;
    private Pipeline pipeline;

    /**
     * @param maxTrials how many rates the search may try beyond the fixed ones
     * @param drainSeconds how long to wait after the last send for answers and notifications
     */
    record Options(
            List<Integer> rates,
            int seconds,
            int warmupSeconds,
            boolean search,
            int maxTrials,
            long limitMs,
            int positions,
            int positionBatch,
            int drainSeconds,
            Path out) {

        static final String USAGE = "usage: ./run-bench e2e [--rates 200,1000] [--seconds 20] [--warmup-seconds 20]"
                + " [--search on|off] [--max-trials 6] [--limit-ms 100] [--positions 200] [--position-batch 20]"
                + " [--drain-seconds 20] [--out bench/target/e2e] [--quick]";

        static Options parse(String[] args) {
            Map<String, String> given = new HashMap<>();
            boolean quick = false;
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--quick")) {
                    quick = true;
                } else if (args[i].startsWith("--") && i + 1 < args.length) {
                    given.put(args[i].substring(2), args[++i]);
                } else {
                    throw new IllegalArgumentException("unknown option " + args[i] + "; " + USAGE);
                }
            }
            // --quick: a smoke run of every part in a few minutes; its figures mean little
            Map<String, String> defaults = Map.of(
                    "rates",
                    quick ? "100,200" : "200,1000",
                    "seconds",
                    quick ? "5" : "20",
                    "warmup-seconds",
                    quick ? "5" : "20",
                    "search",
                    "on",
                    "max-trials",
                    quick ? "2" : "6",
                    "limit-ms",
                    "100",
                    "positions",
                    "200",
                    "position-batch",
                    "20",
                    "drain-seconds",
                    quick ? "10" : "20",
                    "out",
                    RepoRoot.find().resolve("bench/target/e2e").toString());
            for (String name : given.keySet()) {
                if (!defaults.containsKey(name)) {
                    throw new IllegalArgumentException("unknown option --" + name + "; " + USAGE);
                }
            }
            Map<String, String> o = new HashMap<>(defaults);
            o.putAll(given);
            return new Options(
                    java.util.Arrays.stream(o.get("rates").split(","))
                            .map(rate -> Integer.parseInt(rate.trim()))
                            .toList(),
                    Integer.parseInt(o.get("seconds")),
                    Integer.parseInt(o.get("warmup-seconds")),
                    !o.get("search").equals("off"),
                    Integer.parseInt(o.get("max-trials")),
                    Long.parseLong(o.get("limit-ms")),
                    Integer.parseInt(o.get("positions")),
                    Integer.parseInt(o.get("position-batch")),
                    Integer.parseInt(o.get("drain-seconds")),
                    Path.of(o.get("out")));
        }
    }

    private EndToEndBench(Options options) {
        this.options = options;
        // a few threads for the client's completions (its default starts a thread per completion)
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(4, task -> {
                    Thread thread = new Thread(task, "e2e-client");
                    thread.setDaemon(true);
                    return thread;
                }))
                .build();
    }

    public static void main(String[] args) throws Exception {
        // the client keeps at most 32 idle connections, as a consulate's system would (see IngestLoad)
        if (System.getProperty("jdk.httpclient.connectionPoolSize") == null) {
            System.setProperty("jdk.httpclient.connectionPoolSize", "32");
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(new EndToEndBench(options).run());
    }

    private int run() throws Exception {
        Files.createDirectories(options.out());
        Path dir = Files.createTempDirectory("sos-bench-e2e");
        out.printf("SOS end-to-end benchmark: %s; working files in %s%n", options, dir);
        String gatewaySecret = GatewayPositions.randomSecret();
        Map<String, String> env = new HashMap<>(GatewayPositions.serviceEnv(gatewaySecret));
        // every POST opens a new incident (none is attached to the open one as a repeat press): each gets notified
        env.put("SOS_INGEST_REPEAT_WINDOW", "0s");
        List<Measurement> table = new ArrayList<>();
        List<Measurement> trials = new ArrayList<>();
        try (Receiver started = Receiver.start()) {
            receiver = started;
            out.println("Receiver (every system's webhooks) on " + receiver.base());
            StackOptions stackOptions = StackOptions.randomPorts(
                            dir.resolve("stack"), RepoRoot.find(), receiver.base() + "/hooks")
                    .withServiceEnv(env);
            try (LocalStack stack = LocalStack.start(stackOptions, out);
                    Floor floor = Floor.start(
                            stack.endpoints().kafka(),
                            stack.endpoints().pids().get("kafka"),
                            receiver.base(),
                            dir.resolve("floor.log"));
                    Alertmanager peer = Alertmanager.startIfInstalled(
                            Alertmanager.BINARY,
                            dir.resolve("alertmanager"),
                            receiver.base() + "/alertmanager",
                            http,
                            out)) {
                // Ctrl-C stops the stack too (its services do not watch this process); a no-op after a normal close
                Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
                out.println("Kafka floor ready (its own JVM, topic " + FloorService.TOPIC + " on the stack's broker)");
                Endpoints endpoints = stack.endpoints();
                pipeline = new Pipeline(stack);
                feed = new PositionFeed(
                        http,
                        endpoints.dispatch(),
                        GatewayPositions.token(gatewaySecret, GatewayPositions.GATEWAY),
                        GatewayPositions.units(
                                http, endpoints.dispatch(), endpoints.demo().dispatchOpsToken()),
                        options.positions(),
                        options.positionBatch());
                List<Target> systems = peer == null ? List.of(pipeline, floor) : List.of(pipeline, floor, peer);
                // warmed up at the lowest rate: a rate beyond what the machine can take (1,000/s for the pipeline on
                // two cores) leaves minutes of backlog that the next phases would be measured in
                int lowest = options.rates().stream().min(Integer::compare).orElseThrow();
                for (Target system : systems) {
                    measure("warm-up", system, lowest, options.warmupSeconds());
                }
                // the highest fixed rate last, after the search: beyond what the pipeline can take it leaves thousands
                // of open alerts behind whose acknowledgement deadlines keep dispatch and notification busy for minutes
                List<Integer> rates = options.rates().stream().sorted().toList();
                List<Integer> first = rates.size() > 1 && options.search() ? rates.subList(0, rates.size() - 1) : rates;
                for (int rate : first) {
                    measureAll(systems, table, rate);
                }
                if (options.search()) {
                    search(systems, table, trials);
                }
                for (int rate : rates.subList(first.size(), rates.size())) {
                    measureAll(systems, table, rate);
                }
            }
        }
        int code = report(table, trials);
        if (code == 0) {
            // the stack's Kafka log and database: hundreds of MB; kept (with every log) when the run failed
            try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(file -> file.toFile().delete());
            }
        } else {
            out.println("Working files and logs kept in " + dir);
        }
        return code;
    }

    private void measureAll(List<Target> systems, List<Measurement> table, int rate) {
        for (Target system : systems) {
            table.add(measure(String.format(Locale.ROOT, "%,d/s", rate), system, rate, options.seconds()));
        }
    }

    /** Steps the pipeline's rate up (or down) and bisects; the best rate is then measured on the others too. */
    private void search(List<Target> systems, List<Measurement> table, List<Measurement> trials) {
        long limit = TimeUnit.MILLISECONDS.toNanos(options.limitMs());
        RateSearch search = new RateSearch(10, 50_000, 1.5, 0.1, options.maxTrials());
        Map<Integer, Measurement> pipelineAt = new HashMap<>();
        for (Measurement m : table) {
            if (m.system().equals(Measurement.PIPELINE)) {
                search.known(m.rate(), m.result().meets(limit));
                pipelineAt.put(m.rate(), m);
            }
        }
        out.printf(
                "Searching for the highest rate whose pipeline e2e p99 <= %d ms, nothing lost (at most %d trials)%n",
                options.limitMs(), options.maxTrials());
        for (OptionalInt next = search.next(); next.isPresent(); next = search.next()) {
            Measurement m = measure("search", pipeline, next.getAsInt(), options.seconds());
            boolean met = m.result().meets(limit);
            out.printf("  %,d/s: %s%n", m.rate(), met ? "met" : "not met");
            search.record(m.rate(), met);
            trials.add(m);
            pipelineAt.put(m.rate(), m);
        }
        OptionalInt best = search.best();
        if (best.isEmpty()) {
            out.println("No rate tried met the target.");
            return;
        }
        int rate = best.getAsInt();
        String phase = String.format(Locale.ROOT, "highest p99 <= %d ms", options.limitMs());
        out.printf("Highest rate that met it: %,d/s%n", rate);
        table.add(relabel(pipelineAt.get(rate), phase));
        for (Target system : systems) {
            if (system != pipeline) {
                table.add(table.stream()
                        .filter(m -> m.rate() == rate && m.system().equals(system.name()))
                        .findFirst()
                        .map(m -> relabel(m, phase))
                        .orElseGet(() -> measure(phase, system, rate, options.seconds())));
            }
        }
    }

    private static Measurement relabel(Measurement m, String phase) {
        return new Measurement(phase, m.system(), m.rate(), m.result(), m.cpuMillis(), m.wallNanos(), m.rssKib());
    }

    /** One open-loop phase on one system: sends on schedule, then waits for the answers and notifications. */
    private Measurement measure(String phase, Target system, int rate, int seconds) {
        out.printf(
                "%s %s at %,d/s for %d s (load average %s) ...%n",
                phase, system.name(), rate, seconds, OpenLoop.loadAverage());
        receiver.clear();
        feed.reset();
        long cpuBefore = system.cpuMillis();
        Map<String, Long> processesBefore = system == pipeline ? pipeline.cpuByProcess() : Map.of();
        long began = System.nanoTime();
        Thread positions = system == pipeline ? feed.start(seconds) : null;
        Queue<Join.Send> sends = new ConcurrentLinkedQueue<>();
        AtomicLong pending = new AtomicLong();
        Map<String, Long> failures = new java.util.concurrent.ConcurrentHashMap<>();
        long total = (long) rate * seconds;
        OpenLoop.run(rate, total, (i, scheduled) -> {
            String key = UUID.randomUUID().toString();
            HttpRequest request = system.request(key);
            pending.incrementAndGet();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                long now = System.nanoTime();
                String accepted = failure == null ? system.accepted(response, key) : null;
                if (accepted == null) {
                    failures.merge(failure != null ? cause(failure) : "HTTP " + response.statusCode(), 1L, Long::sum);
                }
                sends.add(failure != null ? Join.Send.unanswered(scheduled) : new Join.Send(scheduled, now, accepted));
                pending.decrementAndGet();
            });
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.drainSeconds());
        while (System.nanoTime() < deadline && (pending.get() > 0 || !allNotified(sends))) {
            sleep(50);
        }
        long wall = System.nanoTime() - began;
        long cpu = system.cpuMillis() - cpuBefore;
        List<Join.Send> answered = new ArrayList<>(sends);
        if (answered.size() < total) {
            failures.put("no answer within the drain", total - answered.size());
        }
        for (long missing = total - answered.size(); missing > 0; missing--) {
            answered.add(Join.Send.unanswered(0));
        }
        Measurement m = new Measurement(
                phase, system.name(), rate, Join.of(answered, receiver.firstReceipts()), cpu, wall, system.rssKib());
        Join.Result r = m.result();
        out.printf(
                Locale.ROOT,
                "  %,d sent, %,d failed, %,d not notified; e2e p50 %.2f p90 %.2f p99 %.2f p99.9 %.2f max %.2f ms;"
                        + " POST p50 %.2f p99 %.2f ms; CPU %.0f µs/alert (%.2f cores); RSS %,d MiB%n",
                r.sent(),
                r.failed(),
                r.notNotified(),
                Measurement.ms(r.endToEnd(), 50),
                Measurement.ms(r.endToEnd(), 90),
                Measurement.ms(r.endToEnd(), 99),
                Measurement.ms(r.endToEnd(), 99.9),
                Measurement.ms(r.endToEnd(), 100),
                Measurement.ms(r.post(), 50),
                Measurement.ms(r.post(), 99),
                m.cpuMicrosPerAlert(),
                m.cores(),
                m.rssKib() / 1024);
        if (!failures.isEmpty()) {
            out.println("  failed requests by cause: " + failures);
        }
        if (system == pipeline) {
            Map<String, Long> byProcess = new java.util.TreeMap<>();
            pipeline.cpuByProcess()
                    .forEach((name, ms) -> byProcess.put(
                            name, (ms - processesBefore.getOrDefault(name, 0L)) * 1000 / Math.max(1, total)));
            out.println("  CPU µs/alert by process: " + byProcess);
        }
        if (positions != null) {
            join(positions);
            out.println("  " + feed.summary());
        }
        settle(system);
        return m;
    }

    /**
     * Waits until what the phase left behind (queued requests, assignments, audit rows, follow-up webhooks) is done:
     * the system's processes under a quarter of a core for a second, or {@link #SETTLE_SECONDS} at most.
     */
    private void settle(Target system) {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(SETTLE_SECONDS);
        long before = system.cpuMillis();
        while (System.nanoTime() < deadline) {
            sleep(1000);
            long now = system.cpuMillis();
            if (now - before < 250) {
                long took = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                if (took > 2) {
                    out.printf("  (%s quiet again %d s after the phase)%n", system.name(), took);
                }
                return;
            }
            before = now;
        }
        out.printf("  (%s still busy %d s after the phase; going on)%n", system.name(), SETTLE_SECONDS);
    }

    private static String cause(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        return cause.getClass().getSimpleName();
    }

    private boolean allNotified(Queue<Join.Send> sends) {
        Map<String, Long> receipts = receiver.firstReceipts();
        for (Join.Send send : sends) {
            if (send.key() != null && !receipts.containsKey(send.key())) {
                return false;
            }
        }
        return true;
    }

    /** What each system does between the POST and the first notification: the hops the floor reproduces. */
    private static final String SYSTEMS = """
            - SOS pipeline: signed `POST /api/v1/alerts` -> alert-ingest -> `AlertRaised` on `sos.alerts` (acks=all, \
            idempotent, linger.ms=0) -> 202; notification-service (one consumer of `sos.alerts`) -> signed webhooks to \
            the 4 recipients routed for the demo consulate (the first to arrive counts). One produce/consume hop; dispatch \
            (assignments, unit positions from an AVL gateway beside the alerts) and audit run as usual.
            - Kafka floor: `POST` -> a JDK HTTP server that produces (acks=all, idempotent, linger.ms=0) to a topic of 6 \
            partitions on the same broker -> 202 on the ack; one consumer (a group) -> `POST` to the receiver. The same \
            hop with plain clients, in a JVM with the services' options.
            - Alertmanager: `POST /api/v2/alerts` (one alert) -> webhook; group_wait 0s, one group per alert, no \
            cluster; alerts in memory.
            """;

    private int report(List<Measurement> table, List<Measurement> trials) throws Exception {
        String markdown = SYSTEMS + "\n" + ResultTable.markdown(table);
        StringBuilder verdicts = new StringBuilder();
        boolean lost = false;
        for (Measurement m : table) {
            if (m.system().equals(Measurement.PIPELINE)
                    && (m.result().failed() > 0 || m.result().notNotified() > 0)) {
                lost |= options.rates().contains(m.rate());
                verdicts.append(String.format(
                        Locale.ROOT,
                        "- pipeline at %,d/s: %,d failed, %,d accepted but not notified within %d s%n",
                        m.rate(),
                        m.result().failed(),
                        m.result().notNotified(),
                        options.drainSeconds()));
            }
        }
        if (pipeline.repeatPresses() > 0) {
            lost = true;
            verdicts.append("- " + pipeline.repeatPresses() + " POSTs were attached to an open alert as repeat presses"
                    + " (no notification): the generator's alerts were not all new\n");
        }
        ourP99VersusPeer(table, 1000).ifPresent(verdicts::append);
        String searched = trials.isEmpty()
                ? ""
                : "\nSearch trials (pipeline only): "
                        + String.join(
                                ", ",
                                trials.stream()
                                        .map(m -> String.format(
                                                Locale.ROOT,
                                                "%,d/s p99 %.1f ms%s",
                                                m.rate(),
                                                Measurement.ms(m.result().endToEnd(), 99),
                                                m.result().meets(TimeUnit.MILLISECONDS.toNanos(options.limitMs()))
                                                        ? ""
                                                        : " (not met)"))
                                        .toList())
                        + "\n";
        String text = markdown + searched + (verdicts.isEmpty() ? "" : "\n" + verdicts);
        out.println();
        out.println(text);
        Path md = options.out().resolve("e2e.md");
        Files.writeString(
                md,
                "# End-to-end benchmark, " + Instant.now() + "\n\n`./run-bench e2e` with " + options + "; "
                        + Runtime.getRuntime().availableProcessors() + " cores, load average at the end "
                        + OpenLoop.loadAverage() + ".\n\n" + text);
        List<Measurement> plotted = new ArrayList<>(table);
        plotted.addAll(trials);
        Path png = options.out().resolve("e2e-latency.png");
        LatencyPlot.write(plotted, options.limitMs(), png);
        out.println("Wrote " + md + " and " + png);
        if (lost) {
            out.printf(
                    "FAILED: at a fixed rate the pipeline did not accept every alert, or did not notify every accepted"
                            + " one within %d s of the last send (see above)%n",
                    options.drainSeconds());
        }
        return lost ? 1 : 0;
    }

    private static java.util.Optional<String> ourP99VersusPeer(List<Measurement> table, int rate) {
        var ours = table.stream()
                .filter(m -> m.rate() == rate && m.system().equals(Measurement.PIPELINE))
                .findFirst();
        var theirs = table.stream()
                .filter(m -> m.rate() == rate && m.system().equals(Measurement.PEER))
                .findFirst();
        if (ours.isEmpty() || theirs.isEmpty()) {
            return java.util.Optional.empty();
        }
        double a = Measurement.ms(ours.get().result().endToEnd(), 99);
        double b = Measurement.ms(theirs.get().result().endToEnd(), 99);
        return java.util.Optional.of(String.format(
                Locale.ROOT,
                "- target, pipeline e2e p99 <= Alertmanager's at %,d/s: %s (%.2f ms vs %.2f ms)%n",
                rate,
                a <= b ? "met" : "NOT met",
                a,
                b));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
