package sos.bench.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import sos.bench.OpenLoop;
import sos.bench.dispatch.GatewayPositions;

/**
 * Unit positions beside the alerts: an AVL gateway sending {@code rate} reports a second over the fleet, in batches
 * (open loop, on a thread of its own), for as long as a pipeline phase runs.
 */
final class PositionFeed {

    private final HttpClient http;
    private final URI positions;
    private final String token;
    private final List<String> units;
    private final int rate;
    private final int batch;
    final AtomicLong requests = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong failedRequests = new AtomicLong();

    PositionFeed(HttpClient http, String dispatch, String token, List<String> units, int rate, int batch) {
        if (rate > 0 && (batch < 1 || rate % batch != 0)) {
            throw new IllegalArgumentException("--position-batch must divide --positions");
        }
        this.http = http;
        this.positions = URI.create(dispatch + "/api/v1/units/positions");
        this.token = token;
        this.units = units;
        this.rate = rate;
        this.batch = batch;
    }

    /** Sends for {@code seconds} on a new thread; join it to wait for the last send. */
    Thread start(int seconds) {
        Thread thread = new Thread(
                () -> {
                    long wallStart = System.currentTimeMillis() * 1_000_000L + TimeUnit.MILLISECONDS.toNanos(50);
                    OpenLoop.run((double) rate / batch, (long) rate / batch * seconds, (k, scheduled) -> {
                        requests.incrementAndGet();
                        http.sendAsync(
                                        GatewayPositions.batch(positions, token, units, k, batch, rate, wallStart),
                                        HttpResponse.BodyHandlers.ofString())
                                .whenComplete((response, failure) -> {
                                    if (failure != null || response.statusCode() != 200) {
                                        failedRequests.incrementAndGet();
                                    } else {
                                        accepted.addAndGet(count(response.body(), "\"status\":\"accepted\""));
                                    }
                                });
                    });
                },
                "position-feed");
        thread.setDaemon(true);
        if (rate > 0) {
            thread.start();
        }
        return thread;
    }

    String summary() {
        return String.format(
                "positions: %,d reports in %,d gateway requests, %,d accepted (the rest older than the unit's last"
                        + " fix), %,d requests failed",
                requests.get() * batch, requests.get(), accepted.get(), failedRequests.get());
    }

    void reset() {
        requests.set(0);
        accepted.set(0);
        failedRequests.set(0);
    }

    private static long count(String text, String what) {
        long n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + what.length())) {
            n++;
        }
        return n;
    }
}
