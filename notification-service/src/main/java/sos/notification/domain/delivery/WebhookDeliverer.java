package sos.notification.domain.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
     * @throws DeliveryInterruptedException when the thread is interrupted between or during attempts; nothing is
     *     reported then, so that the event is handled again
     */
    public NotificationEvent deliver(UUID deliveryId, AlertEvent subject, Recipient recipient, String message) {
        List<String> channels = new ArrayList<>();
        channels.add(recipient.channel());
        if (recipient.secondaryChannel() != null
                && !recipient.secondaryChannel().equals(recipient.channel())) {
            channels.add(recipient.secondaryChannel());
        }
        int attempts = 0;
        List<String> reasons = new ArrayList<>();
        for (String channel : channels) {
            ChannelSender sender = senders.get(channel);
            if (sender == null) {
                reasons.add(channel + ": channel not configured");
                continue;
            }
            CircuitBreaker breaker = breaker(channel);
            int attempt = 0;
            try {
                while (true) {
                    if (!breaker.allowsAttempt()) {
                        reasons.add(channel + ": circuit open");
                        break;
                    }
                    attempt++;
                    attempts++;
                    AttemptResult result = sender.attempt(deliveryId, subject, recipient, message);
                    RetryDecision decision = policy.decide(attempt, result);
                    if (decision instanceof RetryDecision.Delivered delivered) {
                        breaker.onSuccess();
                        return new NotificationSent(
                                DeliveryIds.outcomeEventId(deliveryId, "NotificationSent"),
                                clock.instant(),
                                subject.alertId(),
                                subject.eventId(),
                                subject.eventType(),
                                recipient.id(),
                                channel,
                                attempts,
                                delivered.statusCode());
                    }
                    if (isChannelFault(result)) {
                        breaker.onFailure();
                    } else {
                        breaker.onSuccess(); // the channel answered: a refusal is about this message, not the channel
                    }
                    if (decision instanceof RetryDecision.GiveUp giveUp) {
                        reasons.add(channels.size() > 1 ? channel + ": " + giveUp.reason() : giveUp.reason());
                        break;
                    }
                    sleeper.sleep(((RetryDecision.RetryAfter) decision).delay());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeliveryInterruptedException(recipient.id(), attempt);
            }
        }
        return new NotificationFailed(
                DeliveryIds.outcomeEventId(deliveryId, "NotificationFailed"),
                clock.instant(),
                subject.alertId(),
                subject.eventId(),
                subject.eventType(),
                recipient.id(),
                recipient.channel(),
                attempts,
                String.join("; ", reasons));
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
