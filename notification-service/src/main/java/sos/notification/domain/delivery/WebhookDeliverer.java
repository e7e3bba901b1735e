package sos.notification.domain.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import sos.contracts.AlertEvent;
import sos.contracts.NotificationEvent;
import sos.contracts.NotificationFailed;
import sos.contracts.NotificationSent;
import sos.notification.domain.routing.Recipient;

/**
 * Delivers one event to one recipient: over its primary channel, retrying as the policy says, and when that fails (or
 * the channel's circuit is open) over its secondary channel, and tells how it ended. The outcome names the channel
 * that delivered (or the primary one, when none did).
 */
public final class WebhookDeliverer {

    public static final String DELIVERY_ID_HEADER = "SOS-Delivery-Id";
    public static final String EVENT_TYPE_HEADER = "SOS-Event-Type";

    private final Map<String, ChannelSender> senders;
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final int breakerThreshold;
    private final Duration breakerOpenFor;

    /**
     * @param senders by channel name ({@link Recipient#WEBHOOK}, {@link Recipient#SMS}, ...)
     * @param breakerThreshold failed attempts in a row that open a channel's circuit
     * @param breakerOpenFor how long an open circuit refuses attempts before one trial
     */
    public WebhookDeliverer(
            Map<String, ChannelSender> senders,
            RetryPolicy policy,
            Sleeper sleeper,
            Clock clock,
            int breakerThreshold,
            Duration breakerOpenFor) {
        this.senders = Map.copyOf(senders);
        this.policy = policy;
        this.sleeper = sleeper;
        this.clock = clock;
        this.breakerThreshold = breakerThreshold;
        this.breakerOpenFor = breakerOpenFor;
    }

    /** Webhooks only, with a circuit breaker that never opens in practice. */
    public WebhookDeliverer(
            WebhookTransport transport, RetryPolicy policy, Sleeper sleeper, Clock clock, byte[] defaultSecret) {
        this(
                Map.of(Recipient.WEBHOOK, new WebhookSender(transport, clock, defaultSecret)),
                policy,
                sleeper,
                clock,
                Integer.MAX_VALUE,
                Duration.ZERO);
    }

    /** The circuit breaker of a channel. */
    public CircuitBreaker breaker(String channel) {
        return breakers.computeIfAbsent(channel, c -> new CircuitBreaker(breakerThreshold, breakerOpenFor, clock));
    }

    /**
     * Delivers with every retry and failover in this thread, sleeping between attempts (escalations use it; events
     * use {@link #step} so that no thread waits for a retry).
     *
     * @param attempts receives the event of every failed attempt that is not the last
     * @return the outcome: {@code NotificationSent} or the final {@code NotificationFailed}
     * @throws DeliveryInterruptedException when the thread is interrupted between or during attempts; nothing is
     *     reported then, so that the event is handled again
     */
    public NotificationEvent deliver(
            UUID deliveryId,
            AlertEvent subject,
            Recipient recipient,
            String message,
            Consumer<NotificationEvent> attempts) {
        DeliveryJob job = DeliveryJob.first(deliveryId, subject, recipient.id(), message, clock.instant());
        while (true) {
            DeliveryStep step = step(job, recipient);
            if (step.outcome() != null) {
                step.events().stream().filter(e -> e != step.outcome()).forEach(attempts);
                return step.outcome();
            }
            step.events().forEach(attempts);
            job = step.retry();
            try {
                Duration wait = Duration.between(clock.instant(), job.notBefore());
                sleeper.sleep(wait.isNegative() ? Duration.ZERO : wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeliveryInterruptedException(recipient.id(), job.attempts());
            }
        }
    }

    /** {@link #deliver(UUID, AlertEvent, Recipient, String, Consumer)}, dropping the events of single attempts. */
    public NotificationEvent deliver(UUID deliveryId, AlertEvent subject, Recipient recipient, String message) {
        return deliver(deliveryId, subject, recipient, message, event -> {});
    }

    /**
     * Makes the attempts of a delivery that are due now: one on the job's channel and, when that channel gives up (or
     * its circuit is open), at once the next channel's first one; stops at the first success, at a failure that is to
     * be retried later (then the step holds the job of that retry, due after the back-off with jitter), or when no
     * channel is left (then the final {@code NotificationFailed}).
     *
     * @throws DeliveryInterruptedException when the thread is interrupted during an attempt
     */
    public DeliveryStep step(DeliveryJob job, Recipient recipient) {
        List<String> channels = channelsOf(recipient);
        List<NotificationEvent> events = new ArrayList<>();
        List<String> reasons = new ArrayList<>(job.reasons());
        int attempts = job.attempts();
        int channelAttempts = job.channelAttempts();
        for (int index = job.channelIndex(); index < channels.size(); index++, channelAttempts = 0) {
            String channel = channels.get(index);
            ChannelSender sender = senders.get(channel);
            if (sender == null) {
                reasons.add(channel + ": channel not configured");
                continue;
            }
            CircuitBreaker breaker = breaker(channel);
            if (!breaker.allowsAttempt()) {
                reasons.add(channel + ": circuit open");
                continue;
            }
            channelAttempts++;
            attempts++;
            AttemptResult result;
            try {
                result = sender.attempt(job.deliveryId(), job.subject(), recipient, job.message());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeliveryInterruptedException(recipient.id(), attempts);
            }
            RetryDecision decision = policy.decide(channelAttempts, result);
            if (decision instanceof RetryDecision.Delivered delivered) {
                breaker.onSuccess();
                NotificationSent sent = new NotificationSent(
                        DeliveryIds.outcomeEventId(job.deliveryId(), "NotificationSent"),
                        clock.instant(),
                        job.subject().alertId(),
                        job.subject().eventId(),
                        job.subject().eventType(),
                        recipient.id(),
                        channel,
                        attempts,
                        delivered.statusCode());
                events.add(sent);
                return new DeliveryStep(events, sent, null);
            }
            if (isChannelFault(result)) {
                breaker.onFailure();
            } else {
                breaker.onSuccess(); // the channel answered: a refusal is about this message, not the channel
            }
            if (decision instanceof RetryDecision.RetryAfter retry) {
                events.add(attemptFailed(job, recipient, channel, attempts, RetryPolicy.failureOf(result)));
                Instant due = clock.instant().plus(retry.delay());
                DeliveryJob next = new DeliveryJob(
                        job.deliveryId(),
                        job.subject(),
                        job.recipientId(),
                        job.message(),
                        index,
                        channelAttempts,
                        attempts,
                        reasons,
                        due);
                return new DeliveryStep(events, null, next);
            }
            String reason = ((RetryDecision.GiveUp) decision).reason();
            reasons.add(channels.size() > 1 ? channel + ": " + reason : reason);
            if (index + 1 < channels.size()) {
                events.add(attemptFailed(job, recipient, channel, attempts, reason));
            }
        }
        NotificationFailed failed = failure(
                job,
                DeliveryIds.outcomeEventId(job.deliveryId(), "NotificationFailed"),
                clock.instant(),
                recipient.channel(),
                attempts,
                String.join("; ", reasons),
                true);
        events.add(failed);
        return new DeliveryStep(events, failed, null);
    }

    private NotificationFailed attemptFailed(
            DeliveryJob job, Recipient recipient, String channel, int attempt, String reason) {
        return failure(
                job,
                DeliveryIds.attemptEventId(job.deliveryId(), attempt),
                clock.instant(),
                channel,
                attempt,
                reason,
                false);
    }

    /** A failed attempt of the job's delivery ({@code finalAttempt}: the delivery is given up). */
    public static NotificationFailed failure(
            DeliveryJob job,
            UUID eventId,
            Instant at,
            String channel,
            int attempts,
            String reason,
            boolean finalAttempt) {
        return new NotificationFailed(
                eventId,
                at,
                job.subject().alertId(),
                job.subject().eventId(),
                job.subject().eventType(),
                job.recipientId(),
                channel,
                attempts,
                reason,
                finalAttempt);
    }

    private static List<String> channelsOf(Recipient recipient) {
        List<String> channels = new ArrayList<>();
        channels.add(recipient.channel());
        if (recipient.secondaryChannel() != null
                && !recipient.secondaryChannel().equals(recipient.channel())) {
            channels.add(recipient.secondaryChannel());
        }
        return channels;
    }

    private static boolean isChannelFault(AttemptResult result) {
        return !(result instanceof AttemptResult.Answered answered) || answered.statusCode() >= 500;
    }

    /** Delivery stopped because the thread was interrupted, e.g. because the service is stopping. */
    public static final class DeliveryInterruptedException extends RuntimeException {

        DeliveryInterruptedException(String recipientId, int attempt) {
            super("delivery to " + recipientId + " interrupted at attempt " + attempt);
        }
    }
}
