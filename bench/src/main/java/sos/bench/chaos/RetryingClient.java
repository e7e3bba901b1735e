package sos.bench.chaos;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Sends a request until {@link RetryPolicy} says it is done, asynchronously: each attempt is built afresh by the
 * caller's supplier (a new signature time stamp, the same body and Idempotency-Key), retries wait on a scheduler, no
 * thread waits for an answer.
 */
final class RetryingClient {

    /** How a request ended, after all its attempts. */
    record Result(RetryPolicy.Decision decision, String body, int attempts, Duration took) {
        boolean succeeded() {
            return decision instanceof RetryPolicy.Decision.Succeeded;
        }
    }

    private final HttpClient http;
    private final RetryPolicy policy;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong waiting = new AtomicLong();

    RetryingClient(HttpClient http, RetryPolicy policy, ScheduledExecutorService scheduler) {
        this.http = http;
        this.policy = policy;
        this.scheduler = scheduler;
    }

    /** Attempts made again so far, over all requests. */
    long retries() {
        return retries.get();
    }

    /** Requests waiting for their next attempt right now. */
    long waiting() {
        return waiting.get();
    }

    CompletableFuture<Result> send(Supplier<HttpRequest> request) {
        CompletableFuture<Result> done = new CompletableFuture<>();
        attempt(request, 1, System.nanoTime(), done);
        return done;
    }

    private void attempt(Supplier<HttpRequest> request, int attempts, long started, CompletableFuture<Result> done) {
        CompletableFuture<HttpResponse<String>> answer;
        try {
            answer = http.sendAsync(request.get(), HttpResponse.BodyHandlers.ofString());
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((response, failure) -> {
            RetryPolicy.Attempt outcome = failure != null
                    ? new RetryPolicy.Attempt.NoAnswer(describe(failure))
                    : new RetryPolicy.Attempt.Answered(
                            response.statusCode(),
                            RetryPolicy.retryAfter(
                                    response.headers().firstValue("Retry-After").orElse(null)));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            RetryPolicy.Decision decision = policy.decide(
                    outcome, attempts, elapsed, ThreadLocalRandom.current().nextDouble());
            if (decision instanceof RetryPolicy.Decision.Retry retry) {
                retries.incrementAndGet();
                waiting.incrementAndGet();
                scheduler.schedule(
                        () -> {
                            waiting.decrementAndGet();
                            attempt(request, attempts + 1, started, done);
                        },
                        retry.delay().toMillis(),
                        TimeUnit.MILLISECONDS);
            } else {
                done.complete(new Result(decision, response == null ? null : response.body(), attempts, elapsed));
            }
        });
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null
                && (cause instanceof java.util.concurrent.CompletionException
                        || cause.getMessage() == null
                        || cause instanceof java.io.IOException && cause.getCause() instanceof java.io.IOException)) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
