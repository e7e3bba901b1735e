package sos.notification.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import sos.contracts.AlertCancelled;
import sos.contracts.AlertEvent;
import sos.contracts.AlertLocationUpdated;
import sos.contracts.AlertRaised;
import sos.contracts.AlertRepeatPressed;
import sos.contracts.DuressSignalled;
import sos.contracts.NotificationAcknowledged;
import sos.contracts.NotificationEvent;
import sos.contracts.NotificationSent;
import sos.contracts.SosEvent;
import sos.contracts.UnitsAssigned;
import sos.notification.domain.ack.AckCodes;
import sos.notification.domain.ack.AckSetup;
import sos.notification.domain.ack.PendingAck;
import sos.notification.domain.delivery.DeliveryIds;
import sos.notification.domain.delivery.MessageText;
import sos.notification.domain.delivery.UrduText;
import sos.notification.domain.delivery.WebhookDeliverer;
import sos.notification.domain.routing.Recipient;
import sos.notification.domain.routing.RecipientKind;
import sos.notification.domain.routing.RoutingRules;

/**
 * Fans one event out to every recipient the routing rules name: all recipients in parallel on the delivery executor,
 * so that a slow one does not hold up the others, each outcome recorded as soon as it is known. {@link #handle}
 * returns only when every delivery of the event has ended and its outcome is recorded, so that the caller may then
 * mark the event as done (at-least-once).
 */
public final class Fanout {

    private final RoutingRules rules;
    private final RecentAlerts alerts;
    private final RecentDeliveries deliveries;
    private final WebhookDeliverer deliverer;
    private final OutcomePublisher publisher;
    private final Executor executor;
    private final LiveFeed feed;
    private AckSetup acks;

    public Fanout(
            RoutingRules rules,
            RecentAlerts alerts,
            RecentDeliveries deliveries,
            WebhookDeliverer deliverer,
            OutcomePublisher publisher,
            Executor executor) {
        this(rules, alerts, deliveries, deliverer, publisher, executor, LiveFeed.NONE);
    }

    public Fanout(
            RoutingRules rules,
            RecentAlerts alerts,
            RecentDeliveries deliveries,
            WebhookDeliverer deliverer,
            OutcomePublisher publisher,
            Executor executor,
            LiveFeed feed) {
        this.feed = feed;
        this.rules = rules;
        this.alerts = alerts;
        this.deliveries = deliveries;
        this.deliverer = deliverer;
        this.publisher = publisher;
        this.executor = executor;
    }

    /** Messages about alerts and duress ask for an acknowledgement from now on. */
    public Fanout withAcknowledgements(AckSetup acks) {
        this.acks = acks;
        return this;
    }

    /**
     * A recipient acknowledged a delivery: records it (the event goes to Kafka first) and tells the alert's other
     * recipients who acknowledged; for a duress, only the non-consulate ones.
     *
     * @return the acknowledgement, or empty when the delivery is not waiting for one (unknown, or acknowledged before)
     */
    public Optional<NotificationAcknowledged> acknowledge(UUID deliveryId, String via, Instant at) {
        if (acks == null) {
            return Optional.empty();
        }
        Optional<PendingAck> found = acks.pending().find(deliveryId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        PendingAck pending = found.get();
        NotificationAcknowledged ack = new NotificationAcknowledged(
                DeliveryIds.outcomeEventId(deliveryId, "NotificationAcknowledged"),
                at,
                pending.alertId(),
                pending.subjectEventId(),
                pending.recipientId(),
                pending.channel(),
                via,
                deliveryId);
        publisher.publish(ack);
        if (!acks.pending().acknowledge(deliveryId)) {
            return Optional.of(ack); // acknowledged at the same time by another way: the others were told already
        }
        AlertRaised alert = alerts.find(pending.alertId());
        boolean duress = "DuressSignalled".equals(pending.subjectEventType());
        List<Recipient> others = (alert == null
                        ? rules.recipients().stream()
                                .filter(r -> r.kind() == RecipientKind.CONTROL_ROOM && r.enabled())
                                .toList()
                        : rules.recipientsFor(alert))
                .stream()
                        .filter(r -> !r.id().equals(pending.recipientId()))
                        .filter(r -> !duress || r.kind() != RecipientKind.CONSULATE)
                        .toList();
        String who = rules.recipient(pending.recipientId()).map(Recipient::name).orElse(pending.recipientId());
        deliverAll(ack, others, "Acknowledged by " + who + " (" + via + ") — alert " + pending.alertId());
        return Optional.of(ack);
    }

    /**
     * Runs every escalation step that is due: a delivery to a control room that has not been acknowledged within
     * {@code deadline} goes to the chain's first step, within twice the deadline to its second, and so on. Each step is
     * a delivery with its own id derived from the unacknowledged delivery, so a step runs once, also across restarts
     * (the pending deliveries and the completed steps are both read back from Kafka on start).
     *
     * @param chain recipient ids, or {@link #REPEAT} for the unacknowledged recipient itself
     * @return how many step deliveries were made now
     */
    public int escalate(Instant now, java.time.Duration deadline, List<String> chain) {
        if (acks == null || chain.isEmpty()) {
            return 0;
        }
        int made = 0;
        for (PendingAck pending : acks.pending().all()) {
            Recipient waitingFor = rules.recipient(pending.recipientId()).orElse(null);
            if (waitingFor == null || waitingFor.kind() != RecipientKind.CONTROL_ROOM) {
                continue; // only critical recipients are chased
            }
            long overdue =
                    java.time.Duration.between(pending.sent().occurredAt(), now).toMillis();
            int due = (int) Math.min(chain.size(), overdue / Math.max(1, deadline.toMillis()));
            for (int step = 1; step <= due; step++) {
                String target = chain.get(step - 1);
                Recipient recipient = REPEAT.equals(target)
                        ? waitingFor
                        : rules.recipient(target).orElse(null);
                if (recipient == null || !recipient.enabled()) {
                    continue;
                }
                UUID deliveryId = DeliveryIds.deliveryId(pending.sent().eventId(), recipient.id(), recipient.channel());
                if (deliveries.find(deliveryId) != null) {
                    continue;
                }
                AlertRaised alert = alerts.find(pending.alertId());
                String message = "ESCALATION " + step + ": " + waitingFor.name() + " has not acknowledged within "
                        + deadline.toSeconds() * step + " s. "
                        + (alert == null ? "Alert " + pending.alertId() : MessageText.of(alert))
                        + acks.instructions(pending.deliveryId());
                NotificationEvent outcome = deliverer.deliver(deliveryId, pending.sent(), recipient, message);
                if (outcome instanceof NotificationSent sent) {
                    deliveries.remember(deliveryId, sent);
                }
                publisher.publish(outcome);
                made++;
            }
        }
        return made;
    }

    /** In an escalation chain: the unacknowledged recipient itself, again. */
    public static final String REPEAT = "REPEAT";

    /** The acknowledgement setup, or null when messages do not ask for one. */
    public AckSetup acknowledgements() {
        return acks;
    }

    /**
     * Delivers the event and records every outcome; events recipients cannot subscribe to are ignored.
     *
     * @return the outcomes, one per routed recipient, in routing-file order
     * @throws RuntimeException when an outcome could not be recorded (after every delivery has ended); handling the
     *     event again does not send again what was already sent
     */
    public List<NotificationEvent> handle(SosEvent event) {
        if (event instanceof AlertRaised alert) {
            alerts.remember(alert);
            return deliverAll(alert, rules.recipientsFor(alert), MessageText.of(alert));
        }
        if (event instanceof UnitsAssigned assigned) {
            AlertRaised alert = alerts.find(assigned.alertId());
            return deliverAll(assigned, rules.recipientsFor(assigned, alert), MessageText.of(assigned, alert));
        }
        if (event instanceof AlertCancelled cancelled) {
            AlertRaised alert = alerts.find(cancelled.alertId());
            return deliverAll(cancelled, rules.recipientsFor(cancelled, alert), MessageText.of(cancelled, alert));
        }
        if (event instanceof DuressSignalled duress) {
            AlertRaised alert = alerts.find(duress.alertId());
            AlertCancelled cover = coverOf(duress);
            List<NotificationEvent> outcomes = new ArrayList<>(
                    deliverAll(duress, rules.recipientsFor(duress, alert), MessageText.of(duress, alert)));
            outcomes.addAll(deliverAll(cover, rules.duressCoverFor(duress, alert), MessageText.of(cover, alert)));
            return outcomes;
        }
        if (event instanceof AlertRepeatPressed repeat) {
            AlertRaised alert = alerts.find(repeat.alertId());
            return deliverAll(repeat, rules.recipientsFor(repeat, alert), MessageText.of(repeat, alert));
        }
        if (event instanceof AlertLocationUpdated moved) {
            AlertRaised alert = alerts.find(moved.alertId());
            return deliverAll(moved, rules.recipientsFor(moved, alert), MessageText.of(moved, alert));
        }
        return List.of(); // any other kind (e.g. a dispatch decision no recipient subscribes to) is skipped
    }

    /** Only the alert itself and a duress signal need someone to say they have it. */
    public static boolean needsAcknowledgement(AlertEvent subject) {
        return subject instanceof AlertRaised || subject instanceof DuressSignalled;
    }

    public static PendingAck pendingOf(NotificationSent sent, UUID deliveryId) {
        return new PendingAck(
                deliveryId,
                sent.alertId(),
                sent.subjectEventId(),
                sent.subjectEventType(),
                sent.recipientId(),
                sent.channel(),
                AckCodes.code(deliveryId),
                sent);
    }

    /**
     * What the consulate is shown of a duress signal: a cancel exactly like a genuine one (no reason), with an id
     * derived from the duress event so that a redelivery makes the same message.
     */
    static AlertCancelled coverOf(DuressSignalled duress) {
        return new AlertCancelled(
                UUID.nameUUIDFromBytes(("duress-cover:" + duress.eventId()).getBytes(StandardCharsets.UTF_8)),
                duress.occurredAt(),
                duress.alertId(),
                duress.consulateId(),
                null,
                duress.drill());
    }

    private List<NotificationEvent> deliverAll(AlertEvent subject, List<Recipient> recipients, String message) {
        recipients.forEach(recipient -> feed.publish(recipient, subject, message));
        List<CompletableFuture<NotificationEvent>> pending = recipients.stream()
                .map(recipient ->
                        CompletableFuture.supplyAsync(() -> deliverOne(subject, recipient, message), executor))
                .toList();
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
        return pending.stream().map(CompletableFuture::join).toList();
    }

    private NotificationEvent deliverOne(AlertEvent subject, Recipient recipient, String message) {
        UUID deliveryId = DeliveryIds.deliveryId(subject.eventId(), recipient.id(), recipient.channel());
        boolean wantsAck = acks != null && needsAcknowledgement(subject);
        NotificationEvent outcome = deliveries.find(deliveryId);
        if (outcome == null) {
            String text = message;
            if (Recipient.URDU.equals(recipient.language())) {
                String urdu = UrduText.of(subject, alerts.find(subject.alertId()));
                text = urdu == null ? message : urdu;
            }
            text = wantsAck ? text + acks.instructions(deliveryId) : text;
            outcome = deliverer.deliver(deliveryId, subject, recipient, text);
            if (outcome instanceof NotificationSent sent) {
                deliveries.remember(deliveryId, sent);
            }
        }
        if (wantsAck && outcome instanceof NotificationSent sent) {
            acks.pending().expect(pendingOf(sent, deliveryId));
        }
        publisher.publish(outcome);
        return outcome;
    }
}
