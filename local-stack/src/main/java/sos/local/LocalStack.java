package sos.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import sos.contracts.Topic;
import sos.contracts.Topics;

/**
 * The whole platform on one machine: PostgreSQL, a KRaft broker and the four services, each its own process, with
 * their data under one folder. {@link #start} returns once every service reports ready and endpoints.json is written;
 * {@link #close} stops everything and leaves no process behind.
 */
public final class LocalStack implements AutoCloseable {

    private static final int PARTITIONS = 6;

    private final StackOptions options;
    private final Credentials credentials;
    private final FileLock lock;
    private final List<ChildProcess> infrastructure = new ArrayList<>();
    /** Service processes by process name: the service's name for its first instance, "name-2" ... for the others. */
    private final Map<String, ChildProcess> services = new LinkedHashMap<>();

    private final Map<String, List<String>> serviceCommands = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> serviceEnvironments = new LinkedHashMap<>();
    private final Map<String, Integer> instancePorts = new LinkedHashMap<>();
    /** The command line of each Kafka node by node id (1, 2 ...), to start it again after {@link #killBroker}. */
    private final Map<Integer, List<String>> brokerCommands = new LinkedHashMap<>();

    private DemoReceiver receiver;
    private Endpoints endpoints;
    private volatile boolean closed;

    private LocalStack(StackOptions options, Credentials credentials, FileLock lock) {
        this.options = options;
        this.credentials = credentials;
        this.lock = lock;
    }

    /** Runs the stack in the foreground until SIGTERM or Ctrl-C; the exit code of {@code up}. */
    static int runUntilStopped(StackOptions options) {
        java.util.concurrent.atomic.AtomicReference<LocalStack> current =
                new java.util.concurrent.atomic.AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        // registered before the first process starts, so that Ctrl-C during the start leaves nothing behind either
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LocalStack stack = current.get();
                            if (stack != null && !stack.closed) {
                                System.out.println();
                                System.out.println("Stopping the SOS stack ...");
                                stack.close();
                                System.out.println("Stopped. Data kept in " + options.dataDir());
                            }
                            done.countDown();
                        },
                        "stack-stop"));
        LocalStack stack;
        try {
            stack = start(options, System.out, current::set);
        } catch (StackFailure e) {
            if (current.get() != null && current.get().closed) {
                System.err.println("Start interrupted; everything that had started is stopped.");
                return 130;
            }
            System.err.println();
            System.err.println("The stack did not start: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            System.err.println("The stack did not start: " + e);
            return 1;
        }
        stack.superviseUntil(done);
        return 0;
    }

    public static LocalStack start(StackOptions options, java.io.PrintStream out) throws Exception {
        return start(options, out, stack -> {});
    }

    static LocalStack start(
            StackOptions options, java.io.PrintStream out, java.util.function.Consumer<LocalStack> created)
            throws Exception {
        long began = System.nanoTime();
        Path data = options.dataDir().toAbsolutePath();
        Files.createDirectories(data);
        FileLock lock = new RandomAccessFile(data.resolve("stack.lock").toFile(), "rw")
                .getChannel()
                .tryLock();
        if (lock == null) {
            throw new StackFailure(
                    "another SOS stack is running on " + data + " (see its endpoints.json); stop it first");
        }
        Files.deleteIfExists(Endpoints.fileIn(data));
        StaleProcesses.stop(data);
        LocalStack stack = new LocalStack(options, Credentials.loadOrCreate(data), lock);
        created.accept(stack);
        try {
            stack.boot(out, began);
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private void boot(java.io.PrintStream out, long began) throws Exception {
        Path data = options.dataDir().toAbsolutePath();
        Path logs = data.resolve("logs");
        out.println("Starting the SOS stack in " + data + " (logs: " + logs + ")");
        for (String service : StackOptions.SERVICES) {
            Path jar = serviceJar(service);
            for (int k = 1; k <= options.instances(); k++) {
                String name = StackOptions.instanceName(service, k);
                int port = options.servicePorts().get(service).get(k - 1);
                ensurePortFree(port, name);
                serviceCommands.put(name, serviceCommand(service, jar));
                instancePorts.put(name, port);
            }
        }
        for (int node = 1; node <= options.brokers(); node++) {
            ensurePortFree(options.kafkaPorts().get(node - 1), brokerName(node));
            ensurePortFree(options.controllerPorts().get(node - 1), brokerName(node) + " (controller)");
        }
        ensurePortFree(options.postgresPort(), "PostgreSQL");

        Map<String, String> dbEnv =
                Map.of("SOS_DB_USER", credentials.dbUser(), "SOS_DB_PASSWORD", credentials.dbPassword());
        ChildProcess postgres = spawn(
                "postgres",
                ChildProcess.javaWithOwnClasspath(
                        "-Xmx96m",
                        "postgres-node",
                        data.resolve("postgres").toString(),
                        String.valueOf(options.postgresPort())),
                dbEnv,
                logs);
        List<ChildProcess> kafka = new ArrayList<>();
        for (int node = 1; node <= options.brokers(); node++) {
            brokerCommands.put(node, brokerCommand(node));
            kafka.add(spawn(brokerName(node), brokerCommands.get(node), Map.of(), logs));
        }
        StaleProcesses.record(data, infrastructure);

        Deadline deadline = new Deadline(options.readyTimeout());
        awaitKafka(kafka, deadline);
        createTopics();
        out.printf(
                "  kafka         ready on %s (%s%.1f s)%n",
                bootstrap(),
                options.brokers() > 1
                        ? options.brokers() + " KRaft nodes, replication factor " + options.brokers()
                                + ", min.insync.replicas 2; "
                        : "",
                seconds(began));
        awaitPostgres(postgres, deadline);
        out.printf("  postgres      ready on %s (%.1f s)%n", jdbcUrl(), seconds(began));

        String webhookBase = options.webhookBaseUrl();
        if (webhookBase == null) {
            receiver = DemoReceiver.start(
                    options.receiverPort(), credentials.webhookSecret(), data.resolve("inbox.ndjson"));
            webhookBase = receiverUrl() + "/hooks";
        }
        Path checkpointKey = data.resolve("audit").resolve("checkpoint-ed25519.key");
        if (options.instances() > 1) {
            // every audit instance signs with the same key: made here, before two of them race to make it
            CheckpointKey.createIfAbsent(checkpointKey);
        }
        for (String name : serviceCommands.keySet()) {
            Map<String, String> env = new LinkedHashMap<>(options.serviceEnv());
            env.put("SERVER_PORT", String.valueOf(instancePorts.get(name)));
            env.put("SOS_KAFKA_BOOTSTRAP", bootstrap());
            if (options.brokers() > 1) {
                // the topics the services declare themselves (NewTopic beans) get a replica on every node too
                env.put("SOS_KAFKA_REPLICATION_FACTOR", String.valueOf(options.brokers()));
            }
            env.put("SOS_DEMO_KEY_SECRET", credentials.demoKeySecret());
            env.put("SOS_DEMO_PIN", credentials.demoPin());
            env.put("SOS_DEMO_DURESS_PIN", credentials.demoDuressPin());
            env.put("SOS_PANEL_DEMO_USER", credentials.panelUser());
            env.put("SOS_PANEL_DEMO_PASSWORD", credentials.panelPassword());
            env.put("SOS_DISPATCH_OPS_TOKEN", credentials.dispatchOpsToken());
            env.put("SOS_WEBHOOK_BASE_URL", webhookBase);
            env.put("SOS_WEBHOOK_SECRET", credentials.webhookSecret());
            env.put("SOS_DB_URL", jdbcUrl());
            env.put("SOS_DB_USER", credentials.dbUser());
            env.put("SOS_DB_PASSWORD", credentials.dbPassword());
            env.put("SOS_AUDIT_ANALYST_TOKEN", credentials.analystToken());
            // the checkpoint signing key belongs to this stack's data, not to the user's home
            env.put("SOS_AUDIT_CHECKPOINT_KEY_FILE", checkpointKey.toString());
            if (options.instances() > 1 && instancesOf("alert-ingest").contains(name)) {
                // each consulate's presses decided by one instance (alert-ingest's PressRouter)
                env.put(
                        "SOS_INGEST_PEERS",
                        String.join(
                                ",",
                                instancesOf("alert-ingest").stream()
                                        .map(this::baseUrl)
                                        .toList()));
                env.put("SOS_INGEST_SELF", baseUrl(name));
            }
            serviceEnvironments.put(name, env);
            spawn(name, serviceCommands.get(name), env, logs);
        }
        List<ChildProcess> all = new ArrayList<>(infrastructure);
        all.addAll(services.values());
        StaleProcesses.record(data, all);

        List<CompletableFuture<Void>> readiness = new ArrayList<>();
        for (String name : serviceCommands.keySet()) {
            readiness.add(CompletableFuture.runAsync(() -> {
                awaitReady(services.get(name), baseUrl(name), deadline);
                out.printf("  %-13s ready on %s (%.1f s)%n", shortName(name), baseUrl(name), seconds(began));
            }));
        }
        try {
            CompletableFuture.allOf(readiness.toArray(CompletableFuture[]::new)).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        Map<String, Long> pids = new LinkedHashMap<>();
        all.forEach(child -> pids.put(child.name(), child.pid()));
        endpoints = new Endpoints(
                baseUrl("alert-ingest"),
                baseUrl("dispatch-service"),
                baseUrl("notification-service"),
                baseUrl("audit-service"),
                instanceUrlsByService(),
                bootstrap(),
                jdbcUrl(),
                receiver == null ? null : receiverUrl(),
                new Endpoints.Demo(
                        Credentials.DEMO_CONSULATE,
                        credentials.demoKeyId(),
                        credentials.demoKeySecret(),
                        credentials.analystToken(),
                        credentials.dispatchOpsToken(),
                        credentials.webhookSecret(),
                        credentials.demoPin(),
                        credentials.demoDuressPin(),
                        credentials.panelUser(),
                        credentials.panelPassword()),
                pids,
                Instant.now().toString());
        endpoints.write(data);
        out.printf("%nSOS stack ready in %.1f s; resident memory %d MiB.%n", seconds(began), residentKib() / 1024);
        out.println("  endpoints and demo credentials: " + Endpoints.fileIn(data));
        out.println("  try it:   ./sos demo        (in another terminal)");
        out.println(
                "  pages:    " + baseUrl("alert-ingest") + "/panel (consulate panel, user " + credentials.panelUser()
                        + "), " + baseUrl("dispatch-service") + "/board (control room, ops token); passwords in "
                        + Endpoints.fileIn(data));
        out.println("  stop it:  Ctrl-C");
    }

    private static final List<String> ALERT_INGEST_HEAP = List.of(
            // the door for alerts: its young collections are its p99 at 1,000 requests/s, so they are kept short and
            // frequent (a 16 MB young generation: 4-6 ms pauses about every 0.16 s, against 15-25 ms every 1.8 s with
            // the default sizing); what survives one collection is promoted at the next instead of being copied back
            // and forth 15 times; and the whole heap is reserved at once, so that no full collection runs to grow it
            "-Xms768m", "-Xmx768m", "-Xmn16m", "-XX:MaxTenuringThreshold=1");

    /**
     * The JVM options of a service: small heaps and the serial collector by default, so that six JVMs fit a laptop;
     * {@code SOS_SERVICE_JAVA_OPTS} replaces them (for example for a load test). alert-ingest may grow to 768 MB: its
     * views of recent alerts and idempotency keys are bounded at 100,000 entries each, a few hundred bytes to kilobytes
     * apiece, and at 320 MB a burst of distinct alerts filled the heap and stalled the door for alerts in full
     * collections (the heap is touched only as far as it is used).
     */
    private static List<String> serviceCommand(String service, Path jar) {
        List<String> command = new ArrayList<>(List.of(ChildProcess.javaBinary()));
        String custom = System.getenv("SOS_SERVICE_JAVA_OPTS");
        if (custom != null && !custom.isBlank()) {
            command.addAll(List.of(custom.trim().split("\\s+")));
        } else {
            command.addAll(service.equals("alert-ingest") ? ALERT_INGEST_HEAP : List.of("-Xms64m", "-Xmx320m"));
            command.add("-XX:+UseSerialGC");
        }
        command.addAll(List.of("-XX:+ExitOnOutOfMemoryError", "-jar", jar.toString()));
        return command;
    }

    /**
     * Starts one process of the stack and keeps it on record, unless the stack is stopping: a Ctrl-C during the start
     * stops what was started so far and nothing starts after it.
     */
    private synchronized ChildProcess spawn(String name, List<String> command, Map<String, String> env, Path logs)
            throws IOException {
        if (closed) {
            throw new StackFailure("stopped while starting");
        }
        ChildProcess child = ChildProcess.start(name, command, env, logs);
        if (serviceCommands.containsKey(name)) {
            services.put(name, child);
        } else {
            infrastructure.add(child);
        }
        return child;
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    public StackOptions options() {
        return options;
    }

    /** Resident memory of every process of the stack, in KiB. */
    public long residentKib() {
        long own = Rss.of(ProcessHandle.current().pid());
        return own
                + postgresServerKib()
                + infrastructure.stream().mapToLong(ChildProcess::residentKib).sum()
                + services.values().stream()
                        .mapToLong(ChildProcess::residentKib)
                        .sum();
    }

    /** The postgres server runs detached from the node process that started it (pg_ctl); find it by its pid file. */
    private long postgresServerKib() {
        Path pidFile = options.dataDir().toAbsolutePath().resolve("postgres/data/postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty()
                    ? 0
                    : ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                            .map(Rss::ofTree)
                            .orElse(0L);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Kills one service process with SIGKILL, as a crash would; {@link #restart} brings it back. For fault tests.
     *
     * @param service a process name: the service's name for its first instance, {@code <service>-2} for the second
     */
    public void kill(String service) throws InterruptedException {
        ChildProcess child = services.get(service);
        ProcessHandle.of(child.pid()).ifPresent(ProcessHandle::destroyForcibly);
        while (child.isAlive()) {
            Thread.sleep(20);
        }
    }

    public void restart(String service) throws IOException {
        spawn(
                service,
                serviceCommands.get(service),
                serviceEnvironments.get(service),
                options.dataDir().toAbsolutePath().resolve("logs"));
        awaitReady(services.get(service), baseUrl(service), new Deadline(options.readyTimeout()));
    }

    /**
     * Kills every Kafka node with SIGKILL, as a crash would, starts them again on the same data and ports, and returns
     * once the cluster answers (or throws when it is not back within the ready time-out). For fault tests.
     */
    public void restartBroker() throws Exception {
        for (int node : brokerIds()) {
            killBroker(node);
        }
        for (int node : brokerIds()) {
            startBroker(node);
        }
        awaitKafka(brokerIds().stream().map(this::broker).toList(), new Deadline(options.readyTimeout()));
    }

    /** The process id of the (first) broker; changes with {@link #restartBroker}; -1 when it does not run. */
    public long brokerPid() {
        return brokerPid(brokerIds().get(0));
    }

    /** The process names of a service's instances, first instance first. */
    public List<String> instancesOf(String service) {
        List<String> names = new ArrayList<>();
        for (int k = 1; k <= options.instances(); k++) {
            names.add(StackOptions.instanceName(service, k));
        }
        return names;
    }

    /** Restarts any process that dies until {@code done} counts down, so that one crash does not stop the stack. */
    private void superviseUntil(CountDownLatch done) {
        try {
            while (!done.await(1, TimeUnit.SECONDS)) {
                if (closed) {
                    continue;
                }
                for (String service : List.copyOf(services.keySet())) {
                    ChildProcess child = services.get(service);
                    if (!child.isAlive() && !closed) {
                        System.err.printf(
                                "%s exited with %d; restarting it. Last lines of %s:%n%s%n",
                                service, child.exitValue(), child.log(), child.tail(15));
                        try {
                            restart(service);
                            System.err.println(service + " is back");
                        } catch (IOException | RuntimeException e) {
                            System.err.println("could not restart " + service + ": " + e.getMessage());
                        }
                    }
                }
                for (ChildProcess child : infrastructure) {
                    if (!child.isAlive() && !closed) {
                        System.err.printf(
                                "%s exited with %d; the stack cannot run without it. Last lines of %s:%n%s%n",
                                child.name(), child.exitValue(), child.log(), child.tail(15));
                        System.exit(1);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Path data = options.dataDir().toAbsolutePath();
        try {
            Files.deleteIfExists(Endpoints.fileIn(data));
        } catch (IOException e) {
            System.err.println("could not remove endpoints.json: " + e.getMessage());
        }
        List<CompletableFuture<Void>> stopping = services.values().stream()
                .map(child -> CompletableFuture.runAsync(() -> child.stop(30)))
                .toList();
        stopping.forEach(CompletableFuture::join);
        if (receiver != null) {
            receiver.close();
        }
        // the Kafka nodes at the same time: one by one, the last would wait for a quorum that is gone
        List<ChildProcess> nodes = infrastructure.stream()
                .filter(child -> brokerCommands.keySet().stream()
                        .anyMatch(n -> brokerName(n).equals(child.name())))
                .toList();
        nodes.stream()
                .map(child -> CompletableFuture.runAsync(() -> child.stop(40)))
                .toList()
                .forEach(CompletableFuture::join);
        for (int i = infrastructure.size() - 1; i >= 0; i--) {
            if (!nodes.contains(infrastructure.get(i))) {
                infrastructure.get(i).stop(40);
            }
        }
        try {
            Files.deleteIfExists(data.resolve(StaleProcesses.FILE));
            lock.release();
            lock.channel().close();
        } catch (IOException e) {
            System.err.println("could not release " + data + ": " + e.getMessage());
        }
    }

    private Path serviceJar(String service) throws IOException {
        Path target = options.repoRoot().resolve(service).resolve("target");
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, service + "-*-exec.jar")) {
                for (Path jar : jars) {
                    return jar;
                }
            }
        }
        throw new StackFailure("no executable jar for " + service + " in " + target
                + "; build first: ./mvnw -DskipTests package (./sos up does it for you)");
    }

    /** The process name of Kafka node {@code node} (1, 2 ...): "kafka" for the first, as with a single broker. */
    static String brokerName(int node) {
        return node == 1 ? "kafka" : "kafka-" + node;
    }

    /**
     * The command line of Kafka node {@code node}, data under {@code kafka} (the first) or {@code kafka-<node>}. With
     * several nodes, every node is a voter of the KRaft quorum and all are formatted with one cluster id, kept in
     * {@code kafka-cluster-id} so that a restarted node finds its cluster again.
     */
    private List<String> brokerCommand(int node) throws IOException {
        Path data = options.dataDir().toAbsolutePath();
        List<String> args = new ArrayList<>(List.of(
                "kafka-node",
                data.resolve(brokerName(node)).toString(),
                String.valueOf(options.kafkaPorts().get(node - 1)),
                String.valueOf(options.controllerPorts().get(node - 1))));
        if (options.brokers() > 1) {
            List<String> voters = new ArrayList<>();
            for (int k = 1; k <= options.brokers(); k++) {
                voters.add(k + "@127.0.0.1:" + options.controllerPorts().get(k - 1));
            }
            args.add(String.valueOf(node));
            args.add(String.join(",", voters));
            args.add(clusterId(data));
        }
        // a cluster's nodes share the two cores with everything else: a smaller heap each
        String heap = options.brokers() > 1 ? "-Xmx384m" : "-Xmx512m";
        return ChildProcess.javaWithOwnClasspath(heap, args.toArray(String[]::new));
    }

    private static synchronized String clusterId(Path data) throws IOException {
        Path file = data.resolve("kafka-cluster-id");
        if (!Files.exists(file)) {
            Files.writeString(file, org.apache.kafka.common.Uuid.randomUuid().toString());
        }
        return Files.readString(file).trim();
    }

    /** The Kafka node ids (1, 2 ...), each a broker and a KRaft controller. */
    public List<Integer> brokerIds() {
        return List.copyOf(brokerCommands.keySet());
    }

    /** The process id of Kafka node {@code node}, or -1 when it is not running. */
    public long brokerPid(int node) {
        ChildProcess child = broker(node);
        return child != null && child.isAlive() ? child.pid() : -1;
    }

    /** Kills Kafka node {@code node} with SIGKILL, as a crash would; {@link #startBroker} brings it back. */
    public void killBroker(int node) throws InterruptedException {
        ChildProcess child = broker(node);
        if (child == null) {
            throw new IllegalArgumentException("no Kafka node " + node);
        }
        ProcessHandle.of(child.pid()).ifPresent(ProcessHandle::destroyForcibly);
        while (child.isAlive()) {
            Thread.sleep(20);
        }
    }

    /**
     * Starts Kafka node {@code node} again (after {@link #killBroker}), on its ports and data; returns when its
     * process runs, not when it has caught up with the others (ask the cluster, e.g. for its partitions' ISR).
     */
    public synchronized void startBroker(int node) throws IOException {
        ChildProcess old = broker(node);
        if (old != null && old.isAlive()) {
            throw new IllegalStateException(brokerName(node) + " is running");
        }
        infrastructure.remove(old);
        spawn(
                brokerName(node),
                brokerCommands.get(node),
                Map.of(),
                options.dataDir().toAbsolutePath().resolve("logs"));
        List<ChildProcess> all = new ArrayList<>(infrastructure);
        all.addAll(services.values());
        StaleProcesses.record(options.dataDir().toAbsolutePath(), all);
    }

    private ChildProcess broker(int node) {
        String name = brokerName(node);
        return infrastructure.stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElse(null);
    }

    /** Waits until every Kafka node has joined the cluster and answers. */
    private void awaitKafka(List<ChildProcess> nodes, Deadline deadline) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        try (Admin admin = Admin.create(props)) {
            while (true) {
                nodes.forEach(LocalStack::failIfDead);
                try {
                    if (admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).size() >= nodes.size()) {
                        admin.listTopics().names().get(3, TimeUnit.SECONDS);
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // not answering yet
                }
                deadline.check("Kafka", nodes.get(0));
                Thread.sleep(200);
            }
        }
    }

    /**
     * Creates every event topic and every service's dead-letter topic, as the compose file's topic-init does: one
     * replica on every Kafka node, and with more than one node a write needs two replicas in sync.
     */
    private void createTopics() throws Exception {
        short replicas = (short) options.brokers();
        Map<String, String> durability = replicas > 1 ? Map.of("min.insync.replicas", "2") : Map.of();
        List<NewTopic> wanted = new ArrayList<>();
        for (Topic<?> topic : Topics.ALL) {
            wanted.add(new NewTopic(topic.name(), PARTITIONS, replicas).configs(durability));
        }
        // the latest record per unit is its whole state: compacted, never deleted by age
        Map<String, String> compacted = new LinkedHashMap<>(durability);
        compacted.put("cleanup.policy", "compact");
        wanted.add(new NewTopic(Topics.UNIT_STATE.name(), PARTITIONS, replicas).configs(compacted));
        for (String service : StackOptions.SERVICES) {
            wanted.add(new NewTopic(Topics.deadLetterTopicOf(service), PARTITIONS, replicas).configs(durability));
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        try (Admin admin = Admin.create(props)) {
            var existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<NewTopic> missing =
                    wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    private void awaitPostgres(ChildProcess postgres, Deadline deadline) throws Exception {
        while (true) {
            failIfDead(postgres);
            try (var connection =
                    java.sql.DriverManager.getConnection(jdbcUrl(), credentials.dbUser(), credentials.dbPassword())) {
                return;
            } catch (java.sql.SQLException e) {
                deadline.check("PostgreSQL", postgres);
                Thread.sleep(200);
            }
        }
    }

    private static void awaitReady(ChildProcess child, String baseUrl, Deadline deadline) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2))
                .build();
        while (true) {
            failIfDead(child);
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackFailure("interrupted while waiting for " + child.name());
            }
            deadline.check(child.name(), child);
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackFailure("interrupted while waiting for " + child.name());
            }
        }
    }

    private static void failIfDead(ChildProcess child) {
        if (!child.isAlive()) {
            throw new StackFailure(child.name() + " exited with code " + child.exitValue() + ". Last lines of "
                    + child.log() + ":" + System.lineSeparator() + child.tail(25));
        }
    }

    private static void ensurePortFree(int port, String what) {
        try (var socket = new java.net.ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            throw new StackFailure(
                    "port " + port + " for " + what + " is in use; is another stack or program using it?");
        }
    }

    /** The base URL of a service process (by process name: "alert-ingest", "alert-ingest-2" ...). */
    private String baseUrl(String process) {
        return "http://127.0.0.1:" + instancePorts.get(process);
    }

    private Map<String, List<String>> instanceUrlsByService() {
        Map<String, List<String>> urls = new LinkedHashMap<>();
        for (String service : StackOptions.SERVICES) {
            urls.put(service, instancesOf(service).stream().map(this::baseUrl).toList());
        }
        return urls;
    }

    private String receiverUrl() {
        return "http://127.0.0.1:" + options.receiverPort();
    }

    /** Every Kafka node's address: a client finds the cluster through any of them. */
    private String bootstrap() {
        return String.join(
                ",",
                options.kafkaPorts().stream().map(port -> "127.0.0.1:" + port).toList());
    }

    private String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + options.postgresPort() + "/sos";
    }

    private static String shortName(String name) {
        return name.replace("-service", "");
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** A start-up step that failed, with a message a person can act on. */
    static final class StackFailure extends RuntimeException {
        StackFailure(String message) {
            super(message);
        }
    }

    private record Deadline(long at) {
        Deadline(Duration timeout) {
            this(System.nanoTime() + timeout.toNanos());
        }

        void check(String what, ChildProcess child) {
            if (System.nanoTime() > at) {
                throw new StackFailure(what + " was not ready in time. Last lines of " + child.log() + ":"
                        + System.lineSeparator() + child.tail(25));
            }
        }
    }
}
