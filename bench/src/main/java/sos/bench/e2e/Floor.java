package sos.bench.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import sos.bench.SignedAlerts;

/** Starts and drives {@link FloorService}; its cost is its own process and the broker's. */
final class Floor extends OwnProcess {

    private final URI alerts;

    private Floor(Process process, long brokerPid, int port) {
        super(process, brokerPid);
        this.alerts = URI.create("http://127.0.0.1:" + port + "/alerts");
    }

    /** Starts the floor with the services' JVM options (serial collector, small heap) and waits until it is ready. */
    static Floor start(String bootstrap, long brokerPid, String receiverBase, Path log) throws Exception {
        int port = FloorService.freePort();
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xms64m",
                        "-Xmx320m",
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        FloorService.class.getName(),
                        bootstrap,
                        String.valueOf(port),
                        receiverBase + "/floor")
                .redirectError(log.toFile())
                .start();
        Floor floor = new Floor(process, brokerPid, port);
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Thread stdout = new Thread(
                () -> {
                    // reads to the end, so that the floor never blocks on a full pipe
                    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
                        String line;
                        while ((line = lines.readLine()) != null) {
                            if (line.equals("ready")) {
                                ready.complete(true);
                            }
                        }
                    } catch (IOException e) {
                        // it ended
                    }
                    ready.complete(false);
                },
                "floor-stdout");
        stdout.setDaemon(true);
        stdout.start();
        try {
            if (!ready.get(60, TimeUnit.SECONDS)) {
                throw new IOException("the floor exited; see " + log);
            }
        } catch (Exception e) {
            floor.close();
            throw e;
        }
        return floor;
    }

    @Override
    public String name() {
        return Measurement.FLOOR;
    }

    @Override
    public HttpRequest request(String key) {
        return Target.post(alerts)
                .header(FloorService.KEY_HEADER, key)
                .POST(HttpRequest.BodyPublishers.ofByteArray(SignedAlerts.BODY))
                .build();
    }

    @Override
    public String accepted(HttpResponse<String> response, String key) {
        return response.statusCode() == 202 ? key : null;
    }
}
