package sos.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to run the stack: where its data lives, which ports it uses, where webhooks go.
 *
 * @param dataDir Kafka log, PostgreSQL data, logs, credentials and endpoints.json live here and survive restarts
 * @param repoRoot where the services' executable jars are found ({@code <module>/target/<module>-*-exec.jar})
 * @param kafkaPorts the client port of each Kafka node (1 by default; {@code --brokers N} runs N, a KRaft cluster of
 *     broker-and-controller processes with every topic replicated N times)
 * @param controllerPorts the controller port of each Kafka node, in the same order
 * @param servicePorts per service, the HTTP port of each of its instances (as many as {@code instances})
 * @param webhookBaseUrl when set, notifications go there instead of the stack's own demo receiver
 * @param readyTimeout how long to wait for every service to report ready
 * @param instances how many processes of every service run (1 by default; {@code --instances} or SOS_INSTANCES)
 * @param serviceEnv extra environment of every service process (on top of what the stack sets), e.g. for a test
 */
public record StackOptions(
        Path dataDir,
        Path repoRoot,
        List<Integer> kafkaPorts,
        List<Integer> controllerPorts,
        int postgresPort,
        Map<String, List<Integer>> servicePorts,
        int receiverPort,
        String webhookBaseUrl,
        Duration readyTimeout,
        int instances,
        Map<String, String> serviceEnv) {

    /** Instance k (1, 2 ...) of a service listens on its first port + 100 * (k - 1): 8081, 8181, 8281 ... */
    static final int INSTANCE_PORT_STEP = 100;

    public StackOptions {
        servicePorts = Map.copyOf(servicePorts);
        serviceEnv = Map.copyOf(serviceEnv);
        kafkaPorts = List.copyOf(kafkaPorts);
        controllerPorts = List.copyOf(controllerPorts);
        if (kafkaPorts.isEmpty() || kafkaPorts.size() != controllerPorts.size()) {
            throw new IllegalArgumentException("brokers must be at least 1, each with a client and a controller port");
        }
        if (instances < 1) {
            throw new IllegalArgumentException("instances must be at least 1, not " + instances);
        }
        for (Map.Entry<String, List<Integer>> ports : servicePorts.entrySet()) {
            if (ports.getValue().size() != instances) {
                throw new IllegalArgumentException(
                        ports.getKey() + " has " + ports.getValue().size() + " ports for " + instances + " instances");
            }
        }
    }

    public static final String[] SERVICES = {"alert-ingest", "dispatch-service", "notification-service", "audit-service"
    };

    static StackOptions parse(String[] args) {
        Path root = RepoRoot.find();
        Path data = root.resolve(".sos-local");
        boolean randomPorts = false;
        String webhook = null;
        long readySeconds = 240;
        int instances = instancesFromEnvironment();
        int brokers = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data-dir" -> data = Path.of(value(args, ++i, "--data-dir"));
                case "--random-ports" -> randomPorts = true;
                case "--webhook-base-url" -> webhook = value(args, ++i, "--webhook-base-url");
                case "--ready-timeout" -> readySeconds = Long.parseLong(value(args, ++i, "--ready-timeout"));
                case "--instances" -> instances = Integer.parseInt(value(args, ++i, "--instances"));
                case "--brokers" -> brokers = Integer.parseInt(value(args, ++i, "--brokers"));
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i]
                            + "; usage: up [--data-dir DIR] [--random-ports] [--instances N] [--brokers N]"
                            + " [--webhook-base-url URL] [--ready-timeout S]");
            }
        }
        if (brokers < 1) {
            throw new IllegalArgumentException("brokers must be at least 1, not " + brokers);
        }
        return randomPorts
                ? randomPorts(data, root, webhook, instances).withBrokers(brokers)
                : defaults(data, root, webhook, readySeconds)
                        .withInstances(instances)
                        .withFixedBrokerPorts(brokers);
    }

    public static StackOptions defaults(Path dataDir, Path repoRoot, String webhookBaseUrl, long readySeconds) {
        return new StackOptions(
                dataDir,
                repoRoot,
                List.of(9092),
                List.of(9093),
                5433,
                fixedPorts(1),
                8090,
                webhookBaseUrl,
                Duration.ofSeconds(readySeconds),
                1,
                Map.of());
    }

    /** Free ports everywhere, for tests that must not collide with a running stack. */
    public static StackOptions randomPorts(Path dataDir, Path repoRoot, String webhookBaseUrl) {
        return randomPorts(dataDir, repoRoot, webhookBaseUrl, 1);
    }

    /** Free ports everywhere and {@code instances} processes of every service. */
    public static StackOptions randomPorts(Path dataDir, Path repoRoot, String webhookBaseUrl, int instances) {
        Map<String, List<Integer>> ports = new LinkedHashMap<>();
        for (String service : SERVICES) {
            List<Integer> instancePorts = new ArrayList<>();
            for (int k = 0; k < instances; k++) {
                instancePorts.add(freePort());
            }
            ports.put(service, instancePorts);
        }
        return new StackOptions(
                dataDir,
                repoRoot,
                List.of(freePort()),
                List.of(freePort()),
                freePort(),
                ports,
                freePort(),
                webhookBaseUrl,
                Duration.ofSeconds(240),
                instances,
                Map.of());
    }

    /** How many Kafka nodes run (each a broker and a KRaft controller); 1 unless {@code --brokers}. */
    public int brokers() {
        return kafkaPorts.size();
    }

    /** The client port of the first Kafka node (the only one by default). */
    public int kafkaPort() {
        return kafkaPorts.get(0);
    }

    /** The controller port of the first Kafka node. */
    public int controllerPort() {
        return controllerPorts.get(0);
    }

    /**
     * The same stack with {@code count} Kafka nodes: the first keeps its ports, the others get free ones (for tests and
     * benchmarks). Every topic then has {@code count} replicas, min.insync.replicas 2 when {@code count > 1}.
     */
    public StackOptions withBrokers(int count) {
        List<Integer> ports = new ArrayList<>(kafkaPorts.subList(0, 1));
        List<Integer> controllers = new ArrayList<>(controllerPorts.subList(0, 1));
        for (int k = 1; k < count; k++) {
            ports.add(freePort());
            controllers.add(freePort());
        }
        return copyBrokers(ports, controllers);
    }

    /** {@code count} Kafka nodes on the documented ports: node k on 9092 + 100 * (k - 1), its controller one above. */
    private StackOptions withFixedBrokerPorts(int count) {
        List<Integer> ports = new ArrayList<>();
        List<Integer> controllers = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            ports.add(kafkaPort() + INSTANCE_PORT_STEP * k);
            controllers.add(controllerPort() + INSTANCE_PORT_STEP * k);
        }
        return copyBrokers(ports, controllers);
    }

    private StackOptions copyBrokers(List<Integer> ports, List<Integer> controllers) {
        return new StackOptions(
                dataDir,
                repoRoot,
                ports,
                controllers,
                postgresPort,
                servicePorts,
                receiverPort,
                webhookBaseUrl,
                readyTimeout,
                instances,
                serviceEnv);
    }

    /** The same stack with {@code count} instances of every service, on the documented fixed ports (8081, 8181 ...). */
    public StackOptions withInstances(int count) {
        return copy(fixedPorts(count), webhookBaseUrl, readyTimeout, count, serviceEnv);
    }

    /** The same stack with more environment for every service process (a test's settings). */
    public StackOptions withServiceEnv(Map<String, String> env) {
        Map<String, String> merged = new LinkedHashMap<>(serviceEnv);
        merged.putAll(env);
        return copy(servicePorts, webhookBaseUrl, readyTimeout, instances, merged);
    }

    /** The process name of instance {@code k} (1, 2 ...) of a service: the service's own name for the first. */
    public static String instanceName(String service, int k) {
        return k == 1 ? service : service + "-" + k;
    }

    private static Map<String, List<Integer>> fixedPorts(int instances) {
        Map<String, List<Integer>> ports = new LinkedHashMap<>();
        for (int i = 0; i < SERVICES.length; i++) {
            List<Integer> instancePorts = new ArrayList<>();
            for (int k = 0; k < instances; k++) {
                instancePorts.add(8081 + i + INSTANCE_PORT_STEP * k);
            }
            ports.put(SERVICES[i], instancePorts);
        }
        return ports;
    }

    private static int instancesFromEnvironment() {
        String value = System.getenv("SOS_INSTANCES");
        return value == null || value.isBlank() ? 1 : Integer.parseInt(value.trim());
    }

    /** The same stack on the same ports and data, for a restart. */
    public StackOptions withWebhookBaseUrl(String url) {
        return copy(servicePorts, url, readyTimeout, instances, serviceEnv);
    }

    /** The same stack, waiting up to {@code timeout} for every service to be ready (a slow or busy machine). */
    public StackOptions withReadyTimeout(Duration timeout) {
        return copy(servicePorts, webhookBaseUrl, timeout, instances, serviceEnv);
    }

    private StackOptions copy(
            Map<String, List<Integer>> ports,
            String webhook,
            Duration timeout,
            int instanceCount,
            Map<String, String> env) {
        return new StackOptions(
                dataDir,
                repoRoot,
                kafkaPorts,
                controllerPorts,
                postgresPort,
                ports,
                receiverPort,
                webhook,
                timeout,
                instanceCount,
                env);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
