package sos.bench.cluster;

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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import sos.contracts.AlertRaised;
import sos.contracts.EventJson;
import sos.contracts.RequestSignature;
import sos.contracts.SosEvent;
import sos.contracts.SosEventDeserializer;
import sos.contracts.Topics;
import sos.local.Endpoints;
import sos.local.LocalStack;
import sos.local.RepoRoot;
import sos.local.StackOptions;
import tools.jackson.databind.JsonNode;

/**
 * Kills the leader of the alert topic under load, again and again, and proves that no acknowledged alert was lost.
 *
 * <p>Starts its own stack with a KRaft cluster of {@code --brokers} (3) local processes, each a broker and a controller
 * (random ports, a temporary directory): every topic has a replica on each, min.insync.replicas 2, no unclean leader
 * election. alert-ingest and audit-service run (dispatch and notification are stopped unless {@code --keep-services},
 * so that they do not compete for the CPU). Correctly signed alerts go to {@code POST /api/v1/alerts} at {@code --rate}
 * a second, each with its own Idempotency-Key and body; a request that gets no 202 (a 503 while the partition has no
 * leader, a timeout, a refused connection) is sent again with the same key and body, as a real client would, until it
 * gets one or {@code --retry-for} has passed.
 *
 * <p>Meanwhile it kills (SIGKILL) the node that leads most partitions of {@code sos.alerts}, {@code --kills} (5) times:
 * it prints which node, which partitions it led, and how long until each of them had a new leader; then starts the
 * node again and waits until every partition of every topic has all its replicas in sync before the next kill.
 *
 * <p>Then the proof: {@code sos.alerts} is read from its start to its end (read_committed) and every alert id that got
 * a 202 must be there, raised by exactly one {@link AlertRaised} event (one event id: a record that repeats an event id
 * is the same event written again, which every reader drops), every Idempotency-Key must have opened exactly one
 * alert, and the audit trail must hold each acknowledged alert's AlertRaised exactly once. It prints the counts (lost,
 * duplicated) and exits with 1 when any is not zero.
 *
 * <p>{@code ./run-bench cluster [--rate 50] [--kills 5] [--brokers 3] [--down-seconds 5] [--warmup-seconds 10]
 * [--retry-for 120] [--keep-services]}
 */
public final class ClusterFailover {

    private static final String ALERTS = Topics.ALERTS.name();
    private static final String IDEMPOTENCY_HEADER = "sos-idempotency-key";

    private final PrintStream out = System.out;
    private final long began = System.nanoTime();

    private final int rate;
    private final int kills;
    private final int brokers;
    private final int downSeconds;
    private final int warmupSeconds;
    private final Duration retryFor;
    private final boolean keepServices;

    /** Every alert sent, by Idempotency-Key. */
    private final ConcurrentMap<String, Alert> alerts = new ConcurrentHashMap<>();

    private final ConcurrentMap<String, AtomicLong> answers = new ConcurrentHashMap<>();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    private final Recorder acknowledgement = new Recorder(TimeUnit.MINUTES.toNanos(10), 3);

    private ClusterFailover(Map<String, String> options) {
        rate = Integer.parseInt(options.getOrDefault("rate", "50"));
        kills = Integer.parseInt(options.getOrDefault("kills", "5"));
        brokers = Integer.parseInt(options.getOrDefault("brokers", "3"));
        downSeconds = Integer.parseInt(options.getOrDefault("down-seconds", "5"));
        warmupSeconds = Integer.parseInt(options.getOrDefault("warmup-seconds", "10"));
        retryFor = Duration.ofSeconds(Long.parseLong(options.getOrDefault("retry-for", "120")));
        keepServices = options.containsKey("keep-services");
        if (brokers < 3) {
            throw new IllegalArgumentException("--brokers must be at least 3 (min.insync.replicas is 2)");
        }
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("jdk.httpclient.connectionPoolSize") == null) {
            System.setProperty("jdk.httpclient.connectionPoolSize", "32");
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--keep-services")) {
                options.put("keep-services", "true");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i].substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.exit(new ClusterFailover(options).run());
    }

    /** One alert: its key and body never change, whatever number of attempts it takes. */
    private static final class Alert {
        final String key;
        final byte[] body;
        final long firstSent = System.nanoTime();
        volatile String alertId;
        volatile boolean gaveUp;
        final AtomicLong attempts = new AtomicLong();

        Alert(String key, byte[] body) {
            this.key = key;
            this.body = body;
        }
    }

    /** What one kill did: the node, the partitions it led, how long until each had another leader. */
    private record Kill(
            int number, int node, List<Integer> partitions, double newLeaderSeconds, double inSyncSeconds) {}

    private int run() throws Exception {
        Path dir = Files.createTempDirectory("sos-bench-cluster");
        log("Starting a stack with %d Kafka nodes in %s", brokers, dir);
        StackOptions options = StackOptions.randomPorts(dir, RepoRoot.find(), null)
                .withBrokers(brokers)
                // every press a new incident (one consulate sends the whole stream)
                .withServiceEnv(Map.of("SOS_INGEST_REPEAT_WINDOW", "0s"))
                .withReadyTimeout(Duration.ofSeconds(600));
        List<Kill> done = new ArrayList<>();
        Verdict verdict;
        try (LocalStack stack = LocalStack.start(options, out)) {
            if (!keepServices) {
                stack.kill("dispatch-service");
                stack.kill("notification-service");
                log("Stopped dispatch and notification (not needed for the proof); alert-ingest and audit run.");
            }
            Endpoints endpoints = stack.endpoints();
            try (Admin admin = admin(endpoints.kafka())) {
                printLeaders(admin);
                HttpClient http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(2))
                        .build();
                ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
                AtomicBoolean sending = new AtomicBoolean(true);
                Thread load = new Thread(() -> send(http, endpoints, retries, sending), "cluster-load");
                load.start();
                log("Sending %d alerts/s; warm-up %d s before the first kill", rate, warmupSeconds);
                sleepReporting(warmupSeconds);
                for (int i = 1; i <= kills; i++) {
                    done.add(killLeader(stack, admin, i));
                }
                log("Kills done; %d s more of load", Math.max(5, downSeconds));
                sleepReporting(Math.max(5, downSeconds));
                sending.set(false);
                load.join();
                awaitAnswers();
                retries.shutdownNow();
                verdict = verify(endpoints, admin);
            }
        }
        printSummary(done, verdict);
        return verdict.ok() ? 0 : 1;
    }

    // ---------------------------------------------------------------- load

    private void send(HttpClient http, Endpoints endpoints, ScheduledExecutorService retries, AtomicBoolean sending) {
        URI uri = URI.create(endpoints.ingest() + "/api/v1/alerts");
        byte[] secret = endpoints.demo().secret().getBytes(StandardCharsets.UTF_8);
        String keyId = endpoints.demo().keyId();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long next = System.nanoTime();
        for (long n = 1; sending.get(); n++) {
            long wait;
            while ((wait = next - System.nanoTime()) > 0) {
                LockSupport.parkNanos(Math.min(wait, 200_000));
            }
            next += interval;
            String key = "cluster-" + n + "-" + began;
            String body = "{\"type\":\"ARMED_ATTACK\",\"location\":{\"lat\":24.8138,\"lon\":67.03},"
                    + "\"premisesId\":\"chancery\",\"description\":\"cluster failover bench, alert " + n + "\"}";
            Alert alert = new Alert(key, body.getBytes(StandardCharsets.UTF_8));
            alerts.put(key, alert);
            pending.incrementAndGet();
            attempt(http, uri, keyId, secret, alert, retries);
        }
    }

    /** Sends the alert; anything but a 202 is tried again in 500 ms with the same key and body (newly signed). */
    private void attempt(
            HttpClient http, URI uri, String keyId, byte[] secret, Alert alert, ScheduledExecutorService retries) {
        attempts.incrementAndGet();
        alert.attempts.incrementAndGet();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header(RequestSignature.KEY_ID_HEADER, keyId)
                .header(RequestSignature.SIGNATURE_HEADER, RequestSignature.sign(secret, Instant.now(), alert.body))
                .header("Idempotency-Key", alert.key)
                .POST(HttpRequest.BodyPublishers.ofByteArray(alert.body))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            String outcome =
                    failure != null ? failure.getClass().getSimpleName() : String.valueOf(response.statusCode());
            answers.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
            if (failure == null && response.statusCode() == 202) {
                JsonNode json = EventJson.mapper().readTree(response.body());
                alert.alertId = json.path("alertId").asString();
                acknowledgement.recordValue(
                        Math.min(System.nanoTime() - alert.firstSent, TimeUnit.MINUTES.toNanos(10)));
                pending.decrementAndGet();
            } else if (System.nanoTime() - alert.firstSent > retryFor.toNanos()) {
                alert.gaveUp = true;
                pending.decrementAndGet();
            } else {
                retries.schedule(() -> attempt(http, uri, keyId, secret, alert, retries), 500, TimeUnit.MILLISECONDS);
            }
        });
    }

    private void awaitAnswers() throws InterruptedException {
        long deadline = System.nanoTime() + retryFor.toNanos() + TimeUnit.SECONDS.toNanos(15);
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            log("waiting for %d alerts still being retried ...", pending.get());
            Thread.sleep(2_000);
        }
    }

    private void sleepReporting(int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(5_000, Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
            log("  %s", progress());
        }
    }

    private String progress() {
        long acked = alerts.values().stream().filter(a -> a.alertId != null).count();
        return String.format(
                "sent %d alerts (%d requests), 202 for %d, %d awaiting an answer; answers %s",
                alerts.size(), attempts.get(), acked, pending.get(), new TreeMap<>(answers));
    }

    // ---------------------------------------------------------------- kills

    private Kill killLeader(LocalStack stack, Admin admin, int number) throws Exception {
        Map<Integer, List<Integer>> led = leadersOfAlerts(admin);
        int node = led.entrySet().stream()
                .max(Map.Entry.<Integer, List<Integer>>comparingByValue((a, b) -> Integer.compare(a.size(), b.size()))
                        .thenComparing(Map.Entry.comparingByKey((a, b) -> Integer.compare(b, a))))
                .orElseThrow()
                .getKey();
        List<Integer> partitions = led.get(node);
        log(
                "kill %d: SIGKILL to Kafka node %d (pid %d), leader of %s partitions %s",
                number, node, stack.brokerPid(node), ALERTS, partitions);
        long killed = System.nanoTime();
        stack.killBroker(node);
        Map<Integer, Integer> newLeaders = awaitNewLeaders(admin, node, partitions);
        double newLeaderSeconds = (System.nanoTime() - killed) / 1e9;
        log(
                "kill %d: every partition it led has a new leader %.2f s after the kill: %s",
                number, newLeaderSeconds, newLeaders);
        sleepReporting(downSeconds);
        long restarted = System.nanoTime();
        stack.startBroker(node);
        log(
                "kill %d: node %d started again (pid %d); waiting until every replica is in sync",
                number, node, stack.brokerPid(node));
        awaitAllInSync(admin);
        double inSyncSeconds = (System.nanoTime() - restarted) / 1e9;
        log(
                "kill %d: node %d back in the ISR of every partition %.2f s after its restart",
                number, node, inSyncSeconds);
        log("  %s", progress());
        return new Kill(number, node, partitions, newLeaderSeconds, inSyncSeconds);
    }

    /** Partitions of sos.alerts by the node that leads them. */
    private static Map<Integer, List<Integer>> leadersOfAlerts(Admin admin) throws Exception {
        Map<Integer, List<Integer>> led = new TreeMap<>();
        for (TopicPartitionInfo p : describe(admin, List.of(ALERTS)).get(ALERTS).partitions()) {
            if (p.leader() != null) {
                led.computeIfAbsent(p.leader().id(), k -> new ArrayList<>()).add(p.partition());
            }
        }
        return led;
    }

    /** Polls every 50 ms until each of the partitions has a leader other than the dead node; new leader by partition. */
    private static Map<Integer, Integer> awaitNewLeaders(Admin admin, int dead, List<Integer> partitions)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            Map<Integer, Integer> leaders = new TreeMap<>();
            try {
                for (TopicPartitionInfo p :
                        describe(admin, List.of(ALERTS)).get(ALERTS).partitions()) {
                    if (partitions.contains(p.partition())
                            && p.leader() != null
                            && p.leader().id() != dead) {
                        leaders.put(p.partition(), p.leader().id());
                    }
                }
            } catch (Exception e) {
                // the admin client's own broker may be the dead one: ask again
            }
            if (leaders.size() == partitions.size()) {
                return leaders;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no new leader for " + partitions + " within 2 minutes");
            }
            Thread.sleep(50);
        }
    }

    /** Waits until every partition of every topic has all its replicas in its ISR. */
    private void awaitAllInSync(Admin admin) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            int behind = 0;
            try {
                Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
                for (TopicDescription topic : describe(admin, topics).values()) {
                    for (TopicPartitionInfo p : topic.partitions()) {
                        if (p.isr().size() < p.replicas().size() || p.leader() == null) {
                            behind++;
                        }
                    }
                }
            } catch (Exception e) {
                behind = -1;
            }
            if (behind == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(behind + " partitions still not fully in sync after 3 minutes");
            }
            Thread.sleep(200);
        }
    }

    private void printLeaders(Admin admin) throws Exception {
        TopicDescription alertsTopic = describe(admin, List.of(ALERTS)).get(ALERTS);
        log("%s: %d partitions", ALERTS, alertsTopic.partitions().size());
        for (TopicPartitionInfo p : alertsTopic.partitions()) {
            log(
                    "  partition %d: leader %s, replicas %s, in sync %s",
                    p.partition(),
                    p.leader() == null ? "none" : p.leader().id(),
                    p.replicas().stream().map(Node::id).toList(),
                    p.isr().stream().map(Node::id).toList());
        }
        var config = admin.describeConfigs(List.of(new org.apache.kafka.common.config.ConfigResource(
                        org.apache.kafka.common.config.ConfigResource.Type.TOPIC, ALERTS)))
                .all()
                .get(10, TimeUnit.SECONDS)
                .values()
                .iterator()
                .next();
        log(
                "  min.insync.replicas=%s unclean.leader.election.enable=%s",
                config.get("min.insync.replicas").value(),
                config.get("unclean.leader.election.enable").value());
    }

    private static Map<String, TopicDescription> describe(Admin admin, java.util.Collection<String> topics)
            throws Exception {
        return admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
    }

    private static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "8000");
        return Admin.create(p);
    }

    // ---------------------------------------------------------------- proof

    private record Verdict(
            long acknowledged,
            long gaveUp,
            long onTopic,
            long repeatedRecords,
            long lost,
            long duplicated,
            long keysWithSeveralAlerts,
            long unreadable,
            long auditMissing,
            long auditDuplicated) {

        boolean ok() {
            return lost == 0
                    && duplicated == 0
                    && keysWithSeveralAlerts == 0
                    && auditMissing == 0
                    && auditDuplicated == 0
                    && acknowledged > 0;
        }
    }

    private Verdict verify(Endpoints endpoints, Admin admin) throws Exception {
        Map<String, String> acked = new LinkedHashMap<>(); // alertId -> key
        long gaveUp = 0;
        for (Alert alert : alerts.values()) {
            if (alert.alertId != null) {
                acked.put(alert.alertId, alert.key);
            } else if (alert.gaveUp) {
                gaveUp++;
            }
        }
        log("Reading %s from its start to its end (read_committed) ...", ALERTS);
        // alert id -> the distinct events (event ids) that raised it; a record that repeats an event id is the same
        // event written again (a retried request whose first write landed late): every reader drops it by its id
        Map<String, Set<String>> raisedById = new HashMap<>();
        Set<String> eventIds = new java.util.HashSet<>();
        long repeatedRecords = 0;
        Map<String, Set<String>> alertsByKey = new HashMap<>();
        long unreadable = 0;
        long records = 0;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafka());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, byte[]> consumer =
                        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
                SosEventDeserializer events = new SosEventDeserializer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(ALERTS).stream()
                    .map(info -> new TopicPartition(ALERTS, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + ALERTS + " to its end within 3 minutes");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    records++;
                    SosEvent event;
                    try {
                        event = events.deserialize(record.topic(), record.value());
                    } catch (RuntimeException e) {
                        unreadable++;
                        continue;
                    }
                    if (event instanceof AlertRaised raised) {
                        String id = raised.alertId().toString();
                        raisedById
                                .computeIfAbsent(id, k -> new TreeSet<>())
                                .add(raised.eventId().toString());
                        if (!eventIds.add(raised.eventId().toString())) {
                            repeatedRecords++;
                        }
                        Header key = record.headers().lastHeader(IDEMPOTENCY_HEADER);
                        if (key != null) {
                            alertsByKey
                                    .computeIfAbsent(
                                            new String(key.value(), StandardCharsets.UTF_8), k -> new TreeSet<>())
                                    .add(id);
                        }
                    }
                }
            }
        }
        long lost = 0;
        long duplicated = 0;
        for (String id : acked.keySet()) {
            int n = raisedById.getOrDefault(id, Set.of()).size();
            if (n == 0) {
                lost++;
                if (lost <= 10) {
                    log("  LOST: alert %s (Idempotency-Key %s) got a 202 but is not on %s", id, acked.get(id), ALERTS);
                }
            } else if (n > 1) {
                duplicated++;
                if (duplicated <= 10) {
                    log("  DUPLICATED: alert %s is raised on %s by %d different events", id, ALERTS, n);
                }
            }
        }
        long severalAlerts = 0;
        for (Map.Entry<String, Set<String>> e : alertsByKey.entrySet()) {
            if (alerts.containsKey(e.getKey()) && e.getValue().size() > 1) {
                severalAlerts++;
                if (severalAlerts <= 10) {
                    log(
                            "  DUPLICATED: Idempotency-Key %s opened %d alerts %s",
                            e.getKey(), e.getValue().size(), e.getValue());
                }
            }
        }
        log(
                "  %d records: AlertRaised of %d alerts, %d records repeating an event already on the topic, %d unreadable",
                records, raisedById.size(), repeatedRecords, unreadable);

        log("Waiting for audit-service to read every topic to its end ...");
        awaitGroupCaughtUp(admin, "audit-service", Duration.ofMinutes(3));
        Map<String, Integer> audited = auditedAlertRaised(endpoints);
        long auditMissing = 0;
        long auditDuplicated = 0;
        for (String id : acked.keySet()) {
            int n = audited.getOrDefault(id, 0);
            if (n == 0) {
                auditMissing++;
                if (auditMissing <= 10) {
                    log("  NOT IN THE AUDIT TRAIL: alert %s", id);
                }
            } else if (n > 1) {
                auditDuplicated++;
            }
        }
        log(
                "  the audit trail holds %d AlertRaised",
                audited.values().stream().mapToInt(Integer::intValue).sum());
        return new Verdict(
                acked.size(),
                gaveUp,
                raisedById.size(),
                repeatedRecords,
                lost,
                duplicated,
                severalAlerts,
                unreadable,
                auditMissing,
                auditDuplicated);
    }

    private void awaitGroupCaughtUp(Admin admin, String group, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
            for (String topic : List.of(
                    Topics.ALERTS.name(),
                    Topics.ALERTS_REJECTED.name(),
                    Topics.ASSIGNMENTS.name(),
                    Topics.NOTIFICATIONS.name())) {
                for (TopicPartitionInfo p :
                        describe(admin, List.of(topic)).get(topic).partitions()) {
                    latest.put(
                            new TopicPartition(topic, p.partition()),
                            org.apache.kafka.clients.admin.OffsetSpec.latest());
                }
            }
            long lag = 0;
            for (var e :
                    admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata at = committed.get(e.getKey());
                lag += Math.max(0, e.getValue().offset() - (at == null ? 0 : at.offset()));
            }
            if (lag == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                log("  %s still %d records behind after %s; checking what it has", group, lag, timeout);
                return;
            }
            log("  %s is %d records behind", group, lag);
            Thread.sleep(2_000);
        }
    }

    /** Every AlertRaised in the audit trail (GET /api/v1/audit/events?eventType=AlertRaised, page by page). */
    private Map<String, Integer> auditedAlertRaised(Endpoints endpoints) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Map<String, Integer> byId = new HashMap<>();
        long after = 0;
        while (true) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(endpoints.audit()
                            + "/api/v1/audit/events?eventType=AlertRaised&limit=1000&afterSeq=" + after))
                    .header("Authorization", "Bearer " + endpoints.demo().analystToken())
                    .timeout(Duration.ofSeconds(30))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "audit events answered " + response.statusCode() + ": " + response.body());
            }
            JsonNode page = EventJson.mapper().readTree(response.body());
            JsonNode events = page.path("events");
            if (events.isEmpty()) {
                return byId;
            }
            for (JsonNode event : events) {
                byId.merge(event.path("alertId").asString(), 1, Integer::sum);
            }
            after = page.path("nextAfterSeq").asLong();
        }
    }

    private void printSummary(List<Kill> done, Verdict v) {
        out.println();
        out.println("| kill | node | sos.alerts partitions it led | new leader after s | back in sync after s |");
        out.println("| ---: | ---: | --- | ---: | ---: |");
        for (Kill k : done) {
            out.printf(
                    "| %d | %d | %s | %.2f | %.2f |%n",
                    k.number(), k.node(), k.partitions(), k.newLeaderSeconds(), k.inSyncSeconds());
        }
        Histogram h = acknowledgement.getIntervalHistogram();
        out.println();
        out.printf(
                "alerts sent %d (%d requests; answers %s); acknowledged (202) %d; never acknowledged after %d s of"
                        + " retries %d%n",
                alerts.size(),
                attempts.get(),
                new TreeMap<>(answers),
                v.acknowledged(),
                retryFor.toSeconds(),
                v.gaveUp());
        out.printf(
                "time from first attempt to 202: p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%n",
                h.getValueAtPercentile(50) / 1e6,
                h.getValueAtPercentile(99) / 1e6,
                h.getValueAtPercentile(99.9) / 1e6,
                h.getMaxValue() / 1e6);
        out.printf(
                "on %s: AlertRaised of %d alerts; %d records repeat an event already there (the same event id, written"
                        + " again by a retried request whose first write landed late; readers drop them by event id);"
                        + " %d unreadable records%n",
                ALERTS, v.onTopic(), v.repeatedRecords(), v.unreadable());
        out.printf("lost = %d%n", v.lost());
        out.printf(
                "duplicated = %d (alerts raised by more than one event: %d; Idempotency-Keys that opened more than one"
                        + " alert: %d)%n",
                v.duplicated() + v.keysWithSeveralAlerts(), v.duplicated(), v.keysWithSeveralAlerts());
        out.printf(
                "audit trail: missing = %d, duplicated = %d (of %d acknowledged)%n",
                v.auditMissing(), v.auditDuplicated(), v.acknowledged());
        out.println(v.ok() ? "cluster: OK" : "cluster: FAILED");
    }

    private void log(String format, Object... args) {
        out.printf("[%6.1f s] %s%n", (System.nanoTime() - began) / 1e9, String.format(format, args));
    }
}
