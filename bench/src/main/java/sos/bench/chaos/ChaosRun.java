package sos.bench.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import sos.contracts.EventJson;
import sos.contracts.RequestSignature;
import sos.local.Endpoints;
import sos.local.LocalStack;
import sos.local.RepoRoot;
import sos.local.StackOptions;
import sos.notification.domain.routing.RoutingFileParser;
import sos.notification.domain.routing.RoutingRules;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./run-bench chaos}: a whole local stack of its own, a steady stream of correctly signed new alerts from three
 * consulates sent by a client that retries like a real one (same Idempotency-Key and body until a 202 or a definitive
 * 4xx), while alert-ingest, dispatch-service, notification-service and audit-service are each killed with SIGKILL and
 * restarted in turn, and the broker is killed and restarted. The bench is also the recipients (a webhook receiver that
 * checks signatures) and the control room (it resolves each alert once its units are assigned, through dispatch's ops
 * API, so that the 43 units of the fleet are used again). When the system is quiet it proves, from the audit trail in
 * PostgreSQL and the webhooks received, that nothing was lost and nothing duplicated.
 *
 * <p>{@code ./run-bench chaos [--alerts 10000] [--rate 30] [--give-up-after 180] [--quiet-timeout 300]
 * [--no-faults] [--keep-data]}
 */
public final class ChaosRun {

    private static final String[][] CONSULATES = {
        {"consulate-de", "de-demo-1"}, {"consulate-jp", "jp-demo-1"}, {"consulate-tr", "tr-demo-1"}
    };
    /** Mostly alerts that need one police unit, so that the fleet is not exhausted by design. */
    private static final String[] TYPES = {
        "MEDICAL",
        "FIRE",
        "SUSPICIOUS_ACTIVITY",
        "MEDICAL",
        "INTRUSION",
        "OTHER",
        "MEDICAL",
        "MOB_OR_PROTEST",
        "SUSPICIOUS_ACTIVITY",
        "ARMED_ATTACK"
    };

    private static final List<String> FAULTS =
            List.of("alert-ingest", "dispatch-service", "notification-service", "audit-service", "kafka");
    private static final Duration SILENCE = Duration.ofSeconds(15);

    private final PrintStream out = System.out;
    private final long began = System.nanoTime();
    private final int alerts;
    private final int rate;
    private final Duration giveUpAfter;
    private final Duration quietTimeout;
    private final boolean faults;
    private final boolean keepData;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);

    private final AtomicReferenceArray<Verification.Request> requests;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong gaveUp = new AtomicLong();
    private final Set<String> resolving = ConcurrentHashMap.newKeySet();
    private final AtomicLong resolved = new AtomicLong();
    private final AtomicLong resolveFailed = new AtomicLong();
    private final AtomicLong resolvesPending = new AtomicLong();
    private final List<String> faultLog = new ArrayList<>();
    private final AtomicLong started = new AtomicLong();
    /** The longest time a request took to get its 202 when it needed more than one attempt, in ms. */
    private final AtomicLong slowestRetriedMillis = new AtomicLong();

    private volatile boolean faultFailed;

    private ChaosRun(Map<String, String> options) {
        alerts = Integer.parseInt(options.getOrDefault("alerts", "10000"));
        rate = Integer.parseInt(options.getOrDefault("rate", "30"));
        giveUpAfter = Duration.ofSeconds(Long.parseLong(options.getOrDefault("give-up-after", "180")));
        quietTimeout = Duration.ofSeconds(Long.parseLong(options.getOrDefault("quiet-timeout", "300")));
        faults = !options.containsKey("no-faults");
        keepData = options.containsKey("keep-data");
        requests = new AtomicReferenceArray<>(alerts);
    }

    public static void main(String[] args) throws Exception {
        // a consulate's client keeps a few connections, not one per request in flight (see IngestLoad)
        if (System.getProperty("jdk.httpclient.connectionPoolSize") == null) {
            System.setProperty("jdk.httpclient.connectionPoolSize", "32");
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--no-faults", "--keep-data" -> options.put(args[i].substring(2), "true");
                case "--alerts", "--rate", "--give-up-after", "--quiet-timeout" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(args[i] + " needs a value");
                    }
                    options.put(args[i].substring(2), args[++i]);
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.exit(new ChaosRun(options).run());
    }

    private int run() throws Exception {
        Path dir = Files.createTempDirectory("sos-chaos");
        Duration sending = Duration.ofMillis(alerts * 1000L / rate);
        out.printf(
                "Chaos run %s: %d alerts at %d/s (about %d s of sending), %s; client gives up on a request after %d s%n",
                runId,
                alerts,
                rate,
                sending.toSeconds(),
                faults
                        ? "SIGKILL of each service in turn and a broker restart while sending"
                        : "no faults (--no-faults)",
                giveUpAfter.toSeconds());
        out.println("Stack in " + dir + " with SOS_INGEST_REPEAT_WINDOW=0s (every press a new alert),"
                + " SOS_NOTIFICATION_ESCALATION_CHAIN= (nobody acknowledges here), consumer session.timeout.ms=10000");
        boolean passed;
        try (Receiver receiver = new Receiver(this::delivered)) {
            StackOptions options = belowEphemeralPorts(dir, receiver.baseUrl())
                    .withServiceEnv(Map.of(
                            "SOS_INGEST_REPEAT_WINDOW",
                            "0s",
                            "SOS_NOTIFICATION_ESCALATION_CHAIN",
                            "",
                            "SPRING_APPLICATION_JSON",
                            "{\"spring.kafka.consumer.properties.session.timeout.ms\":\"10000\","
                                    + "\"spring.kafka.consumer.properties.heartbeat.interval.ms\":\"2000\"}"))
                    .withReadyTimeout(Duration.ofSeconds(600));
            try (LocalStack stack = LocalStack.start(options, out)) {
                receiver.secret(stack.endpoints().demo().webhookSecret());
                passed = runAgainst(stack, receiver, sending, dir);
            }
        }
        if (passed && !keepData) {
            deleteRecursively(dir);
        } else {
            out.println("Data (logs, broker, database) kept in " + dir);
        }
        return passed ? 0 : 1;
    }

    private boolean runAgainst(LocalStack stack, Receiver receiver, Duration sending, Path dir) throws Exception {
        Endpoints endpoints = stack.endpoints();
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(3))
                .build();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        RetryingClient client = new RetryingClient(
                http, new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(2), giveUpAfter), scheduler);
        this.resolver = (alertId) -> resolve(client, endpoints, alertId);
        CountDownLatch answered = new CountDownLatch(alerts);
        Thread faultThread = new Thread(() -> injectFaults(stack, sending), "faults");
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
        progress.scheduleAtFixedRate(
                () -> out.printf(
                        "[%s] sent %d/%d: 202 %d, refused %d, gave up %d; waiting to retry %d (retries %d);"
                                + " webhooks %d; resolved %d%n",
                        clock(),
                        started.get(),
                        alerts,
                        accepted.get(),
                        refused.get(),
                        gaveUp.get(),
                        client.waiting(),
                        client.retries(),
                        receiver.count(),
                        resolved.get()),
                5,
                5,
                TimeUnit.SECONDS);
        try {
            if (faults) {
                faultThread.start();
            }
            send(client, endpoints, answered);
            if (!answered.await(giveUpAfter.toSeconds() + 60, TimeUnit.SECONDS)) {
                out.println("Some requests never ended: " + answered.getCount());
            }
            out.printf(
                    "[%s] every request has ended: %d accepted (202), %d refused, %d given up; %d retries of alerts and"
                            + " resolves so far%n",
                    clock(), accepted.get(), refused.get(), gaveUp.get(), client.retries());
            faultThread.join();
            long resolvesBy = System.nanoTime() + giveUpAfter.toNanos();
            while (resolvesPending.get() > 0 && System.nanoTime() < resolvesBy) {
                Thread.sleep(200);
            }
            boolean quiet = awaitQuiet(endpoints.kafka(), receiver);
            progress.shutdownNow();
            return prove(stack, endpoints, receiver, dir, quiet);
        } finally {
            progress.shutdownNow();
            scheduler.shutdownNow();
            faultThread.join(1000);
        }
    }

    private interface Resolver {
        void resolve(String alertId);
    }

    private volatile Resolver resolver = alertId -> {};

    /** Sends the alerts on a fixed schedule, whatever the answers do (open loop). */
    private void send(RetryingClient client, Endpoints endpoints, CountDownLatch answered) {
        byte[] secret = endpoints.demo().secret().getBytes(StandardCharsets.UTF_8);
        URI uri = URI.create(endpoints.ingest() + "/api/v1/alerts");
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        for (int i = 0; i < alerts; i++) {
            long scheduled = start + i * interval;
            long wait;
            while ((wait = scheduled - System.nanoTime()) > 0) {
                LockSupport.parkNanos(Math.min(wait, 500_000));
            }
            int number = i;
            String keyId = CONSULATES[i % CONSULATES.length][1];
            byte[] body = alertJson(i).getBytes(StandardCharsets.UTF_8);
            String idempotencyKey = "chaos-" + runId + "-" + i;
            started.incrementAndGet();
            client.send(() -> HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .header(RequestSignature.KEY_ID_HEADER, keyId)
                            .header(
                                    RequestSignature.SIGNATURE_HEADER,
                                    RequestSignature.sign(secret, Instant.now(), body))
                            .header("Idempotency-Key", idempotencyKey)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build())
                    .whenComplete((result, failure) -> {
                        record(number, result, failure);
                        answered.countDown();
                    });
        }
    }

    private void record(int number, RetryingClient.Result result, Throwable failure) {
        String alertId = null;
        String outcome;
        if (failure != null) {
            outcome = "client error: " + failure;
            gaveUp.incrementAndGet();
        } else if (result.decision() instanceof RetryPolicy.Decision.Succeeded ok && ok.status() == 202) {
            alertId = EventJson.mapper().readTree(result.body()).path("alertId").asString(null);
            outcome = "202 after " + result.attempts() + " attempt(s)";
            accepted.incrementAndGet();
            if (result.attempts() > 1) {
                slowestRetriedMillis.accumulateAndGet(result.took().toMillis(), Math::max);
            }
        } else if (result.decision() instanceof RetryPolicy.Decision.GaveUp gave) {
            outcome = "gave up after " + result.attempts() + " attempts: " + gave.lastOutcome();
            gaveUp.incrementAndGet();
        } else {
            outcome = "refused: " + result.decision() + " " + result.body();
            refused.incrementAndGet();
            if (refused.get() <= 5) {
                out.printf("[%s] request %d refused: %s%n", clock(), number, outcome);
            }
        }
        requests.set(number, new Verification.Request(number, alertId, outcome));
    }

    /** A new alert each time: one of the three consulates, a type from the mix, a place in Karachi. */
    private String alertJson(int i) {
        String type = TYPES[i % TYPES.length];
        // a 40 x 25 grid over Clifton, Saddar, the city centre and Gulshan (districts South, East, Central)
        double lat = 24.80 + 0.004 * ((i * 7) % 40);
        double lon = 66.99 + 0.006 * ((i * 11) % 25);
        return String.format(
                java.util.Locale.ROOT,
                "{\"type\":\"%s\",\"location\":{\"lat\":%.4f,\"lon\":%.4f},\"description\":\"%s\"}",
                type,
                lat,
                lon,
                AuditTrail.description(i, runId));
    }

    /** The receiver's hook: the control room resolves each alert once it is told units were assigned. */
    private void delivered(Verification.Delivery delivery) {
        if (delivery.recipientId().equals("police-control-room")
                && delivery.eventType().equals("UnitsAssigned")
                && delivery.assignments() > 0
                && resolving.add(delivery.alertId())) {
            resolver.resolve(delivery.alertId());
        }
    }

    private void resolve(RetryingClient client, Endpoints endpoints, String alertId) {
        byte[] body = "{\"operator\":\"chaos bench\",\"reason\":\"chaos run: resolved once units were assigned\"}"
                .getBytes(StandardCharsets.UTF_8);
        URI uri = URI.create(endpoints.dispatch() + "/api/v1/ops/alerts/" + alertId + "/resolve");
        resolvesPending.incrementAndGet();
        client.send(() -> HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + endpoints.demo().dispatchOpsToken())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build())
                .whenComplete((result, failure) -> {
                    if (failure == null && result.succeeded()) {
                        resolved.incrementAndGet();
                    } else {
                        if (resolveFailed.incrementAndGet() <= 5) {
                            out.printf(
                                    "[%s] resolve of %s failed: %s%n",
                                    clock(),
                                    alertId,
                                    failure != null ? failure : result.decision() + " " + result.body());
                        }
                    }
                    resolvesPending.decrementAndGet();
                });
    }

    /** Five faults spread over the sending time: each service killed with SIGKILL and restarted, then the broker. */
    private void injectFaults(LocalStack stack, Duration sending) {
        long start = System.nanoTime();
        for (int k = 0; k < FAULTS.size(); k++) {
            long at = start + sending.toNanos() * (k + 1) / (FAULTS.size() + 1);
            long wait;
            while ((wait = at - System.nanoTime()) > 0) {
                LockSupport.parkNanos(Math.min(wait, 100_000_000));
            }
            String target = FAULTS.get(k);
            long down = System.nanoTime();
            try {
                if (target.equals("kafka")) {
                    fault("kill -9 the broker (pid " + stack.brokerPid() + ") and start it again on the same data");
                    stack.restartBroker();
                } else {
                    fault("kill -9 " + target);
                    stack.kill(target);
                    Thread.sleep(1000); // a supervisor notices a crash within about a second
                    fault("restarting " + target);
                    stack.restart(target);
                }
                fault(String.format("%s is back, %.1f s after the kill", target, (System.nanoTime() - down) / 1e9));
            } catch (Exception | Error e) {
                faultFailed = true;
                fault(target + " did not come back: " + e);
            }
        }
    }

    private synchronized void fault(String what) {
        long sent = started.get();
        String line = String.format(
                "[%s] FAULT %s (%s)",
                clock(),
                what,
                sent < alerts
                        ? "while sending: " + sent + " of " + alerts + " alerts sent"
                        : "after the last alert was sent");
        faultLog.add(line);
        out.println(line);
    }

    /** Until every consumer group has lag 0 and no webhook came for a while (bounded). */
    private boolean awaitQuiet(String bootstrap, Receiver receiver) throws InterruptedException {
        out.printf(
                "[%s] waiting until the system is quiet: lag 0 on every consumer group, no webhook for %d s (at most"
                        + " %d s)%n",
                clock(), SILENCE.toSeconds(), quietTimeout.toSeconds());
        long until = System.nanoTime() + quietTimeout.toNanos();
        long lastPrint = 0;
        try (ConsumerLag lag = new ConsumerLag(bootstrap)) {
            while (System.nanoTime() < until) {
                Map<String, Long> lags;
                try {
                    lags = lag.byGroup();
                } catch (Exception e) {
                    lags = Map.of("(unknown: " + e + ")", -1L);
                }
                long silentFor = System.nanoTime() - receiver.lastReceivedNanos();
                boolean noLag = lags.values().stream().allMatch(l -> l == 0);
                if (noLag && silentFor >= SILENCE.toNanos() && resolvesPending.get() == 0) {
                    out.printf("[%s] quiet: lag 0 on %s%n", clock(), lags.keySet());
                    return true;
                }
                if (System.nanoTime() - lastPrint > TimeUnit.SECONDS.toNanos(10)) {
                    lastPrint = System.nanoTime();
                    out.printf(
                            "[%s] not quiet yet: lag %s, last webhook %.0f s ago, resolves under way %d%n",
                            clock(), lags, silentFor / 1e9, resolvesPending.get());
                }
                Thread.sleep(1000);
            }
        }
        out.printf(
                "[%s] NOT quiet after %d s; the counts below may still be moving%n", clock(), quietTimeout.toSeconds());
        return false;
    }

    private boolean prove(LocalStack stack, Endpoints endpoints, Receiver receiver, Path dir, boolean quiet)
            throws Exception {
        JsonNode credentials = EventJson.mapper().readTree(Files.readString(dir.resolve("credentials.json")));
        AuditTrail trail = new AuditTrail(
                endpoints.postgres(),
                credentials.path("dbUser").asString(),
                credentials.path("dbPassword").asString(),
                runId);
        List<Verification.Request> all = new ArrayList<>();
        Set<String> acceptedIds = new HashSet<>();
        for (int i = 0; i < alerts; i++) {
            Verification.Request r = requests.get(i);
            if (r == null) {
                r = new Verification.Request(i, null, "never ended");
            }
            all.add(r);
            if (r.accepted()) {
                acceptedIds.add(r.alertId());
            }
        }
        AuditTrail.Contents contents = trail.read(routing(receiver.baseUrl()), acceptedIds);
        Verification.Report report = Verification.verify(
                all,
                contents.raised(),
                contents.decisions(),
                contents.escalations(),
                contents.expected(),
                receiver.deliveries());
        out.println();
        out.println("Faults:");
        synchronized (this) {
            faultLog.forEach(line -> out.println("  " + line));
        }
        if (!faults) {
            out.println("  none (--no-faults)");
        }
        out.println();
        out.printf(
                "Client: %d alerts sent, %d accepted (202), %d refused, %d given up after %d s; %d retries of the"
                        + " accepted ones; slowest 202 after retries %.1f s%n",
                alerts,
                accepted.get(),
                refused.get(),
                gaveUp.get(),
                giveUpAfter.toSeconds(),
                0L + sumRetries(all),
                slowestRetriedMillis.get() / 1000.0);
        out.printf(
                "Control room: resolved %d alerts through dispatch's ops API (%d resolves failed); %d AlertResolved"
                        + " in the trail%n",
                resolved.get(), resolveFailed.get(), contents.resolved());
        out.printf(
                "Receiver: %d webhooks accepted, %d refused (bad signature), %d unreadable%n",
                receiver.count(), receiver.refused(), receiver.unreadable());
        out.println();
        out.printf("| check | expected | found | lost | duplicated |%n| --- | ---: | ---: | ---: | ---: |%n");
        for (Verification.Check check : report.checks()) {
            out.printf(
                    "| %s | %d | %d | %d | %d |%n",
                    check.name(), check.expected(), check.found(), check.lost(), check.duplicated());
        }
        out.println();
        for (Verification.Check check : report.checks()) {
            out.printf("%s: lost = %d, duplicated = %d%n", check.name(), check.lost(), check.duplicated());
            check.examples().forEach(example -> out.println("    e.g. " + example));
        }
        out.println();
        report.notes().forEach(note -> out.println("Note: " + note));
        boolean passed = report.passed() && quiet && !faultFailed && accepted.get() > 0;
        out.println();
        if (passed) {
            out.printf(
                    "PASSED: %d accepted alerts, each raised once, decided once and notified once per routed recipient"
                            + " through %d faults.%n",
                    accepted.get(), faults ? FAULTS.size() : 0);
        } else {
            out.println("FAILED:" + (report.passed() ? "" : " something was lost or duplicated (above);")
                    + (quiet ? "" : " the system did not become quiet in time;")
                    + (faultFailed ? " a fault could not be recovered from;" : "")
                    + (accepted.get() == 0 ? " no alert was accepted;" : ""));
        }
        return passed;
    }

    private static long sumRetries(List<Verification.Request> all) {
        return all.stream()
                .map(Verification.Request::outcome)
                .filter(o -> o.startsWith("202 after "))
                .mapToLong(o -> Long.parseLong(o.substring("202 after ".length(), o.indexOf(' ', 10))) - 1)
                .sum();
    }

    /**
     * Free ports like {@link StackOptions#randomPorts}, but below Linux's ephemeral range (32768 and up): a service
     * restarted after a kill binds its port again, and a port of the ephemeral range may meanwhile have been taken by
     * an outgoing connection of any process on the machine (it happened: "Port 41227 was already in use").
     */
    private static StackOptions belowEphemeralPorts(Path dir, String webhookBase) {
        StackOptions random = StackOptions.randomPorts(dir, RepoRoot.find(), webhookBase);
        Set<Integer> taken = new HashSet<>();
        Map<String, List<Integer>> servicePorts = new java.util.LinkedHashMap<>();
        for (String service : StackOptions.SERVICES) {
            servicePorts.put(service, List.of(lowPort(taken)));
        }
        return new StackOptions(
                dir,
                random.repoRoot(),
                List.of(lowPort(taken)),
                List.of(lowPort(taken)),
                lowPort(taken),
                servicePorts,
                lowPort(taken),
                webhookBase,
                random.readyTimeout(),
                1,
                Map.of());
    }

    private static int lowPort(Set<Integer> taken) {
        java.util.Random random = new java.util.Random();
        for (int tries = 0; tries < 1000; tries++) {
            int port = 20_000 + random.nextInt(12_000);
            if (!taken.contains(port)) {
                try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
                    socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
                    taken.add(port);
                    return port;
                } catch (IOException e) {
                    // in use: another
                }
            }
        }
        throw new IllegalStateException("no free port between 20000 and 32000");
    }

    /** notification-service's bundled routing file, with the stack's webhook base URL: who gets what. */
    private static RoutingRules routing(String webhookBase) throws IOException {
        String yaml;
        try (var in = RoutingFileParser.class.getClassLoader().getResourceAsStream("routing/local.yml")) {
            if (in == null) {
                throw new IOException("routing/local.yml not on the class path (notification-service's jar)");
            }
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> env = Map.of("SOS_WEBHOOK_BASE_URL", webhookBase);
        return new RoutingFileParser(env::get).parse(yaml, "routing/local.yml");
    }

    private String clock() {
        return String.format("+%6.1f s", (System.nanoTime() - began) / 1e9);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not remove " + dir + ": " + e.getMessage());
        }
    }
}
