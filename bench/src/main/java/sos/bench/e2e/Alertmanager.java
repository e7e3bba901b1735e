package sos.bench.e2e;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The peer: Prometheus Alertmanager (Debian's {@code prometheus-alertmanager}) as its own process, alone (no cluster
 * gossip), with a route that notifies each alert at once (group_wait 0s) in a group of its own (grouped by a label
 * that is unique per alert) through a webhook to the bench's receiver. Its alerts live in memory.
 */
final class Alertmanager extends OwnProcess {

    static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
    /** The label that makes each alert its own group, and that the receiver joins on. */
    static final String LABEL = "benchid";

    private final URI alerts;

    private Alertmanager(Process process, String base) {
        super(process);
        this.alerts = URI.create(base + "/api/v2/alerts");
    }

    /** The configuration: one route, one webhook receiver, each alert its own group, notified without waiting. */
    static String config(String webhookUrl) {
        return """
                route:
                  receiver: bench
                  group_by: [%s]
                  group_wait: 0s
                  group_interval: 1h
                  repeat_interval: 24h
                receivers:
                  - name: bench
                    webhook_configs:
                      - url: %s
                        send_resolved: false
                """.formatted(LABEL, webhookUrl);
    }

    /** The body of {@code POST /api/v2/alerts} for one alert. */
    static String alert(String key) {
        return "[{\"labels\":{\"alertname\":\"SOS\",\"severity\":\"critical\",\"" + LABEL + "\":\"" + key
                + "\"},\"annotations\":{\"summary\":\"ARMED_ATTACK at the chancery (bench load)\"}}]";
    }

    /**
     * Starts {@code binary} ({@link #BINARY}) on a free port with its data in {@code dir}, or says how to install it
     * and returns null.
     */
    static Alertmanager startIfInstalled(Path binary, Path dir, String webhookUrl, HttpClient http, PrintStream out)
            throws IOException, InterruptedException {
        if (!Files.isExecutable(binary)) {
            out.println("Alertmanager is not installed (" + binary + "): the peer is SKIPPED. Install it with"
                    + " ops/install-bench-tools (Debian's prometheus-alertmanager) and run again.");
            return null;
        }
        Files.createDirectories(dir);
        Path config = Files.writeString(dir.resolve("alertmanager.yml"), config(webhookUrl));
        int port = FloorService.freePort();
        Process process = new ProcessBuilder(
                        binary.toString(),
                        "--config.file=" + config,
                        "--storage.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--cluster.listen-address=",
                        "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("alertmanager.log").toFile())
                .start();
        Alertmanager alertmanager = new Alertmanager(process, "http://127.0.0.1:" + port);
        // not a child that watches its parent: stopped when the bench stops, also on Ctrl-C
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready"))
                .build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    out.printf("Alertmanager %s ready on 127.0.0.1:%d (log: %s)%n", version(binary), port, dir);
                    return alertmanager;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                alertmanager.close();
                throw new IOException("Alertmanager did not start; see " + dir.resolve("alertmanager.log"));
            }
            Thread.sleep(100);
        }
    }

    private static String version(Path binary) {
        try {
            Process p = new ProcessBuilder(binary.toString(), "--version")
                    .redirectErrorStream(true)
                    .start();
            String first = new String(p.getInputStream().readAllBytes())
                    .lines()
                    .findFirst()
                    .orElse("");
            p.waitFor(5, TimeUnit.SECONDS);
            return first.replace("alertmanager, ", "");
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }

    @Override
    public String name() {
        return Measurement.PEER;
    }

    @Override
    public HttpRequest request(String key) {
        return Target.post(alerts)
                .POST(HttpRequest.BodyPublishers.ofString(alert(key)))
                .build();
    }

    @Override
    public String accepted(HttpResponse<String> response, String key) {
        return response.statusCode() == 200 ? key : null;
    }
}
