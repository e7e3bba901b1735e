package sos.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to run the stack: where its data lives, which ports it uses, where webhooks go.
 *
 * @param dataDir Kafka log, PostgreSQL data, logs, credentials and endpoints.json live here and survive restarts
 * @param repoRoot where the services' executable jars are found ({@code <module>/target/<module>-*-exec.jar})
 * @param webhookBaseUrl when set, notifications go there instead of the stack's own demo receiver
 * @param readyTimeout how long to wait for every service to report ready
 */
public record StackOptions(
        Path dataDir,
        Path repoRoot,
        int kafkaPort,
        int controllerPort,
        int postgresPort,
        Map<String, Integer> servicePorts,
        int receiverPort,
        String webhookBaseUrl,
        Duration readyTimeout) {

    public static final String[] SERVICES = {"alert-ingest", "dispatch-service", "notification-service", "audit-service"
    };

    static StackOptions parse(String[] args) {
        Path root = RepoRoot.find();
        Path data = root.resolve(".sos-local");
        boolean randomPorts = false;
        String webhook = null;
        long readySeconds = 240;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data-dir" -> data = Path.of(value(args, ++i, "--data-dir"));
                case "--random-ports" -> randomPorts = true;
                case "--webhook-base-url" -> webhook = value(args, ++i, "--webhook-base-url");
                case "--ready-timeout" -> readySeconds = Long.parseLong(value(args, ++i, "--ready-timeout"));
                default ->
                    throw new IllegalArgumentException(
                            "unknown option " + args[i]
                                    + "; usage: up [--data-dir DIR] [--random-ports] [--webhook-base-url URL] [--ready-timeout S]");
            }
        }
        return randomPorts ? randomPorts(data, root, webhook) : defaults(data, root, webhook, readySeconds);
    }

    public static StackOptions defaults(Path dataDir, Path repoRoot, String webhookBaseUrl, long readySeconds) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (int i = 0; i < SERVICES.length; i++) {
            ports.put(SERVICES[i], 8081 + i);
        }
        return new StackOptions(
                dataDir, repoRoot, 9092, 9093, 5433, ports, 8090, webhookBaseUrl, Duration.ofSeconds(readySeconds));
    }

    /** Free ports everywhere, for tests that must not collide with a running stack. */
    public static StackOptions randomPorts(Path dataDir, Path repoRoot, String webhookBaseUrl) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String service : SERVICES) {
            ports.put(service, freePort());
        }
        return new StackOptions(
                dataDir,
                repoRoot,
                freePort(),
                freePort(),
                freePort(),
                ports,
                freePort(),
                webhookBaseUrl,
                Duration.ofSeconds(240));
    }

    /** The same stack on the same ports and data, for a restart. */
    public StackOptions withWebhookBaseUrl(String url) {
        return new StackOptions(
                dataDir,
                repoRoot,
                kafkaPort,
                controllerPort,
                postgresPort,
                servicePorts,
                receiverPort,
                url,
                readyTimeout);
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
