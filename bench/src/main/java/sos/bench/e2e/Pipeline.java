package sos.bench.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import sos.bench.ProcessCpu;
import sos.bench.SignedAlerts;
import sos.local.Endpoints;
import sos.local.LocalStack;
import sos.local.Rss;

/**
 * The SOS platform: the whole local stack (broker, PostgreSQL, the four services). A signed {@code POST
 * /api/v1/alerts} as the demo consulate; the alert id from the 202. Its cost: every process of the stack.
 */
final class Pipeline implements Target {

    private final LocalStack stack;
    private final URI alerts;
    private final String keyId;
    private final byte[] secret;
    private final AtomicLong repeatPresses = new AtomicLong();

    Pipeline(LocalStack stack) {
        this.stack = stack;
        Endpoints endpoints = stack.endpoints();
        this.alerts = URI.create(endpoints.ingest() + "/api/v1/alerts");
        this.keyId = endpoints.demo().keyId();
        this.secret = endpoints.demo().secret().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String name() {
        return Measurement.PIPELINE;
    }

    @Override
    public HttpRequest request(String key) {
        return SignedAlerts.post(alerts, keyId, secret, key);
    }

    /** The alert id of a 202 that opened a new alert; a repeat press (no new incident, no notification) is not one. */
    @Override
    public String accepted(HttpResponse<String> response, String key) {
        if (response.statusCode() != 202) {
            return null;
        }
        if (response.body().contains("\"repeatPress\"")) {
            repeatPresses.incrementAndGet();
            return null;
        }
        return Receiver.after(response.body(), "\"alertId\":\"");
    }

    /** 202s that attached the alert to an open one instead of opening an incident (should stay 0: window 0s). */
    long repeatPresses() {
        return repeatPresses.get();
    }

    @Override
    public long cpuMillis() {
        return cpuByProcess().values().stream().mapToLong(Long::longValue).sum();
    }

    /** CPU time so far of each process of the stack by name (the PostgreSQL server and its backends as "postgres"). */
    Map<String, Long> cpuByProcess() {
        Map<String, Long> cpu = new TreeMap<>();
        stack.endpoints().pids().forEach((name, pid) -> cpu.merge(name, ProcessCpu.millis(pid), Long::sum));
        postgresServer().forEach(pid -> cpu.merge("postgres", ProcessCpu.millis(pid), Long::sum));
        return cpu;
    }

    /** The stack's own figure, less this JVM (the load generator and the receiver run here, the launcher's part). */
    @Override
    public long rssKib() {
        return stack.residentKib() - Rss.of(ProcessHandle.current().pid());
    }

    /** The PostgreSQL server and its backends: they run detached from the stack's postgres node. */
    private List<Long> postgresServer() {
        List<Long> pids = new ArrayList<>();
        Path pidFile = stack.options().dataDir().toAbsolutePath().resolve("postgres/data/postmaster.pid");
        try {
            long postmaster = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            ProcessHandle.of(postmaster).ifPresent(server -> {
                pids.add(server.pid());
                server.descendants().forEach(child -> pids.add(child.pid()));
            });
        } catch (IOException | RuntimeException e) {
            // no server (yet): its CPU is not counted
        }
        return pids;
    }
}
