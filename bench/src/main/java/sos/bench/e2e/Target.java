package sos.bench.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A system the bench drives: how to send it one alert, how to read its answer, what its processes cost. */
interface Target extends AutoCloseable {

    String name();

    /** The request that raises one alert; {@code key} is unique to it (the peer's label, the floor's record key). */
    HttpRequest request(String key);

    /** The key its notifications will carry when the answer accepted the alert, else null. */
    String accepted(HttpResponse<String> response, String key);

    /** CPU time of the system's processes so far. */
    long cpuMillis();

    /** Resident memory of the system's processes now. */
    long rssKib();

    @Override
    default void close() {}

    /** A JSON POST as the generator sends every system (10 s time-out). */
    static HttpRequest.Builder post(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json");
    }
}
