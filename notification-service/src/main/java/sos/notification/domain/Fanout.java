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
import java.util.concurrent.TimeUnit;
import sos.contracts.AlertCancelled;
import sos.contracts.AlertEscalated;
import sos.contracts.AlertEvent;
import sos.contracts.AlertLocationUpdated;
import sos.contracts.AlertRaised;
import sos.contracts.AlertRepeatPressed;
import sos.contracts.AlertResolved;
import sos.contracts.AssignmentUpdated;
import sos.contracts.DuressSignalled;
import sos.contracts.NotificationAcknowledged;
import sos.contracts.NotificationEvent;
import sos.contracts.NotificationFailed;
import sos.contracts.NotificationSent;
import sos.contracts.SosEvent;
import sos.contracts.UnitsAssigned;
import sos.notification.domain.ack.AckCodes;
import sos.notification.domain.ack.AckSetup;
import sos.notification.domain.ack.PendingAck;
import sos.notification.domain.delivery.DeliveryIds;
import sos.notification.domain.delivery.DeliveryJob;
import sos.notification.domain.delivery.DeliveryStep;
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

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Fanout.class);

    private final RoutingRules rules;
    private final RecentAlerts alerts;
    private final RecentDeliveries deliveries;
    private final WebhookDeliverer deliverer;
    private final OutcomePublisher publisher;
    private final Executor executor;
    private final LiveFeed feed;
    private AckSetup acks;
    private DeliveryJobs jobs;
    private java.time.Duration firstAttemptBudget;
    private java.time.Duration overrunRetryAfter;
    private java.util.concurrent.ScheduledThreadPoolExecutor budgetTimers;
    private Executor retryExecutor;

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

    /**
     * Retries wait on {@code jobs} (a retry topic) from now on; without, they wait in process (a delayed task) and
     * {@link #handle} waits for them. A first attempt that has not ended within {@code firstAttemptBudget} is handed
     * to {@code jobs} too, due {@code overrunRetryAfter} later (when the attempt has surely ended), so that the event
     * is done without it; what the attempt comes to is still recorded, and a delivery that succeeded is not retried.
     */
    public Fanout withDeliveryJobs(
            DeliveryJobs jobs,
            java.time.Duration firstAttemptBudget,
            java.time.Duration overrunRetryAfter,
            Executor retryExecutor) {
        this.jobs = jobs;
        this.retryExecutor = retryExecutor;
        this.firstAttemptBudget = firstAttemptBudget;
        this.overrunRetryAfter = overrunRetryAfter;
        // one timer thread for every first attempt's budget; a timer is dropped when its attempt ends in time
        this.budgetTimers = new java.util.concurrent.ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "first-attempt-budget");
            thread.setDaemon(true);
            return thread;
        });
        this.budgetTimers.setRemoveOnCancelPolicy(true);
        return this;
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
                deliveryId,
                rules.recipient(pending.recipientId())
                        .map(recipient -> recipient.kind().name())
                        .orElse(null));
        publisher.publish(ack);
        if (acks.pending().acknowledge(deliveryId) && jobs == null) {
            join(tellOthers(ack)); // in process; with delivery jobs, the listener of sos.notifications does it
        }
        return Optional.of(ack);
    }

    /**
     * Tells the alert's other recipients who acknowledged (for an acknowledged duress message: not the consulate), as
     * ordinary deliveries of the acknowledgement event: each (acknowledgement, recipient) once, retried like any other.
     */
    public CompletableFuture<List<NotificationEvent>> tellOthers(NotificationAcknowledged ack) {
        AlertRaised alert = alerts.find(ack.alertId());
        NotificationSent acknowledged = deliveries.find(ack.deliveryId());
        boolean duress = acknowledged == null
                ? alerts.underDuress(ack.alertId())
                : "DuressSignalled".equals(acknowledged.subjectEventType());
        List<Recipient> others = (alert == null
                        ? rules.recipients().stream()
                                .filter(r -> r.kind() == RecipientKind.CONTROL_ROOM && r.enabled())
                                .toList()
                        : rules.recipientsFor(alert))
                .stream()
                        .filter(r -> !r.id().equals(ack.recipientId()))
                        .filter(r -> !duress || r.kind() != RecipientKind.CONSULATE)
                        .toList();
        String who = rules.recipient(ack.recipientId()).map(Recipient::name).orElse(ack.recipientId());
        return deliverAll(ack, others, "Acknowledged by " + who + " (" + ack.via() + ") — alert " + ack.alertId());
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
                NotificationEvent outcome =
                        deliverer.deliver(deliveryId, pending.sent(), recipient, message, publisher::publish);
                if (outcome instanceof NotificationSent sent) {
                    deliveries.remember(deliveryId, sent);
                }
                publisher.publish(outcome);
                made++;
            }
        }
        return made;
    }

    /** The changes of a unit that tell the consulate and the control room that help is coming or has come. */
    static final java.util.Set<String> PROGRESS = java.util.Set.of("EN_ROUTE", "ON_SCENE");

    private static final String DURESS = "DURESS";

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
        return join(handleAsync(event));
    }

    /**
     * Starts delivering the event to every recipient at once and returns at once. The result completes when every
     * delivery has made its first attempts (and, in process, its retries) and every event of them is recorded, or a
     * later attempt is safely scheduled: then the event may be marked as done.
     *
     * @return per routed recipient, in routing-file order: its outcome, or the event of its failed attempt when a retry
     *     is scheduled
     */
    public CompletableFuture<List<NotificationEvent>> handleAsync(SosEvent event) {
        if (event instanceof AlertRaised alert) {
            alerts.remember(alert);
            return deliverAll(alert, rules.recipientsFor(alert), MessageText.of(alert));
        }
        if (event instanceof UnitsAssigned assigned) {
            AlertRaised alert = alerts.find(assigned.alertId());
            alerts.rememberUnits(assigned);
            boolean duress = alerts.underDuress(assigned.alertId());
            List<Recipient> recipients = rules.recipientsFor(assigned, alert).stream()
                    .filter(r -> !duress || r.kind() != RecipientKind.CONSULATE)
                    .toList();
            return deliverAll(assigned, recipients, MessageText.of(assigned, alert));
        }
        if (event instanceof AssignmentUpdated update && PROGRESS.contains(update.change())) {
            AlertRaised alert = alerts.find(update.alertId());
            List<Recipient> recipients =
                    rules.progressRecipientsFor(update, alert, alerts.underDuress(update.alertId()));
            return deliverAll(
                    update, recipients, MessageText.of(update, alerts.unit(update.alertId(), update.unitId()), alert));
        }
        if (event instanceof AlertResolved resolved) {
            AlertRaised alert = alerts.find(resolved.alertId());
            List<Recipient> recipients =
                    rules.progressRecipientsFor(resolved, alert, alerts.underDuress(resolved.alertId()));
            return deliverAll(resolved, recipients, MessageText.of(resolved, alert));
        }
        if (event instanceof AlertEscalated escalated && DURESS.equals(escalated.cause())) {
            alerts.markDuress(escalated.alertId()); // dispatch's word for it: told nobody, remembered
            return CompletableFuture.completedFuture(List.of());
        }
        if (event instanceof AlertCancelled cancelled) {
            AlertRaised alert = alerts.find(cancelled.alertId());
            return deliverAll(cancelled, rules.recipientsFor(cancelled, alert), MessageText.of(cancelled, alert));
        }
        if (event instanceof DuressSignalled duress) {
            alerts.markDuress(duress.alertId());
            AlertRaised alert = alerts.find(duress.alertId());
            AlertCancelled cover = coverOf(duress);
            CompletableFuture<List<NotificationEvent>> told =
                    deliverAll(duress, rules.recipientsFor(duress, alert), MessageText.of(duress, alert));
            CompletableFuture<List<NotificationEvent>> covered =
                    deliverAll(cover, rules.duressCoverFor(duress, alert), MessageText.of(cover, alert));
            return told.thenCombine(covered, (a, b) -> {
                List<NotificationEvent> outcomes = new ArrayList<>(a);
                outcomes.addAll(b);
                return outcomes;
            });
        }
        if (event instanceof AlertRepeatPressed repeat) {
            AlertRaised alert = alerts.find(repeat.alertId());
            return deliverAll(repeat, rules.recipientsFor(repeat, alert), MessageText.of(repeat, alert));
        }
        if (event instanceof AlertLocationUpdated moved) {
            AlertRaised alert = alerts.find(moved.alertId());
            return deliverAll(moved, rules.recipientsFor(moved, alert), MessageText.of(moved, alert));
        }
        // any other kind (e.g. a dispatch decision no recipient subscribes to) is skipped
        return CompletableFuture.completedFuture(List.of());
    }

    /**
     * Runs the attempts of a delivery that are due at {@code job.notBefore()} (waiting for it without holding a
     * thread), records their events and hands on what is left, like the first attempts of {@link #handleAsync}. A job
     * whose delivery was completed meanwhile (a redelivered retry) sends nothing.
     */
    public CompletableFuture<NotificationEvent> runJob(DeliveryJob job) {
        NotificationSent known = deliveries.find(job.deliveryId());
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        Optional<Recipient> recipient = rules.recipient(job.recipientId());
        if (recipient.isEmpty()) {
            // the routing file changed since: give up, on record
            NotificationFailed failed = WebhookDeliverer.failure(
                    job,
                    DeliveryIds.outcomeEventId(job.deliveryId(), "NotificationFailed"),
                    java.time.Instant.now(),
                    "unknown",
                    job.attempts(),
                    "recipient no longer in the routing file",
                    true);
            return record(job, new DeliveryStep(List.of(failed), failed, null), null, false);
        }
        long wait = Math.max(
                0,
                java.time.Duration.between(java.time.Instant.now(), job.notBefore())
                        .toMillis());
        // retries run on their own pool when there is one: a due retry is never made on a timer thread
        Executor pool = retryExecutor == null ? executor : retryExecutor;
        Executor when = wait == 0 ? pool : CompletableFuture.delayedExecutor(wait, TimeUnit.MILLISECONDS, pool);
        boolean wantsAck = acks != null && needsAcknowledgement(job.subject());
        String alertId = job.subject().alertId().toString();
        return CompletableFuture.supplyAsync(
                        () -> {
                            try (org.slf4j.MDC.MDCCloseable ignored = org.slf4j.MDC.putCloseable("alertId", alertId)) {
                                return deliverer.step(job, recipient.get());
                            }
                        },
                        when)
                .thenCompose(step -> record(job, step, recipient.get(), wantsAck));
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

    private CompletableFuture<List<NotificationEvent>> deliverAll(
            AlertEvent subject, List<Recipient> recipients, String message) {
        recipients.forEach(recipient -> feed.publish(recipient, subject, message));
        List<CompletableFuture<NotificationEvent>> pending = recipients.stream()
                .map(recipient -> deliverOne(subject, recipient, message))
                .toList();
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                .thenApply(done -> pending.stream().map(CompletableFuture::join).toList());
    }

    private CompletableFuture<NotificationEvent> deliverOne(AlertEvent subject, Recipient recipient, String message) {
        UUID deliveryId = DeliveryIds.deliveryId(subject.eventId(), recipient.id(), recipient.channel());
        boolean wantsAck = acks != null && needsAcknowledgement(subject);
        NotificationSent known = deliveries.find(deliveryId);
        if (known != null) {
            // delivered before (a redelivered event): only its outcome is recorded again, under the same event id
            if (wantsAck) {
                acks.pending().expect(pendingOf(known, deliveryId));
            }
            return publisher.publishAsync(known).thenApply(done -> known);
        }
        String text = message;
        if (Recipient.URDU.equals(recipient.language())) {
            UnitsAssigned.Assignment unit =
                    subject instanceof AssignmentUpdated update ? alerts.unit(update.alertId(), update.unitId()) : null;
            String urdu = UrduText.of(subject, alerts.find(subject.alertId()), unit);
            text = urdu == null ? message : urdu;
        }
        text = wantsAck ? text + acks.instructions(deliveryId) : text;
        DeliveryJob job = DeliveryJob.first(deliveryId, subject, recipient.id(), text, java.time.Instant.now());
        if (jobs == null || firstAttemptBudget == null) {
            return CompletableFuture.supplyAsync(() -> deliverer.step(job, recipient), executor)
                    .thenCompose(step -> record(job, step, recipient, wantsAck));
        }
        return withinBudget(job, recipient, wantsAck);
    }

    /**
     * The first attempt's outcome when it ends within the budget. Otherwise the delivery is handed to the retry topic
     * and the result completes (with null) when it is there: due at once when the attempt has not even started (it
     * then never starts here), or after the attempt has surely ended when it is under way (what it comes to is still
     * recorded when it comes).
     */
    private CompletableFuture<NotificationEvent> withinBudget(DeliveryJob job, Recipient recipient, boolean wantsAck) {
        java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean decided = new java.util.concurrent.atomic.AtomicBoolean();
        CompletableFuture<NotificationEvent> result = new CompletableFuture<>();
        java.util.concurrent.ScheduledFuture<?> timer = budgetTimers.schedule(
                () -> {
                    if (!decided.compareAndSet(false, true)) {
                        return;
                    }
                    DeliveryJob next = started.compareAndSet(false, true)
                            ? job
                            : new DeliveryJob(
                                    job.deliveryId(),
                                    job.subject(),
                                    job.recipientId(),
                                    job.message(),
                                    0,
                                    1,
                                    1,
                                    List.of(),
                                    java.time.Instant.now().plus(overrunRetryAfter));
                    completeWith(result, jobs.retryLater(next).thenApply(done -> null));
                },
                firstAttemptBudget.toMillis(),
                TimeUnit.MILLISECONDS);
        CompletableFuture.supplyAsync(
                        () -> started.compareAndSet(false, true) ? deliverer.step(job, recipient) : null, executor)
                .whenComplete((step, failure) -> {
                    if (step == null && failure == null) {
                        return; // handed over before it started
                    }
                    if (decided.compareAndSet(false, true)) {
                        timer.cancel(false);
                        completeWith(
                                result,
                                failure == null
                                        ? record(job, step, recipient, wantsAck)
                                        : CompletableFuture.failedFuture(failure));
                    } else if (step != null) {
                        recordOverrun(job, step, wantsAck);
                    }
                });
        return result;
    }

    /**
     * A first attempt that ended after its delivery was handed to the retry topic: a success is recorded (the retry
     * then sends nothing); a failure's attempt events are recorded, and the retry goes on from there.
     */
    private void recordOverrun(DeliveryJob job, DeliveryStep step, boolean wantsAck) {
        List<NotificationEvent> events;
        if (step.outcome() instanceof NotificationSent sent) {
            deliveries.remember(job.deliveryId(), sent);
            if (wantsAck) {
                acks.pending().expect(pendingOf(sent, job.deliveryId()));
            }
            events = List.of(sent);
        } else {
            events = step.events().stream()
                    .filter(event -> !(event instanceof NotificationFailed failed && failed.isFinal()))
                    .toList();
        }
        events.forEach(event -> publisher.publishAsync(event).exceptionally(failure -> {
            log.error(
                    "Could not record {} of delivery {}: {}",
                    event.eventType(),
                    job.deliveryId(),
                    failure.getClass().getSimpleName());
            return null;
        }));
    }

    private static <T> void completeWith(CompletableFuture<T> target, CompletableFuture<? extends T> source) {
        source.whenComplete((value, failure) -> {
            if (failure != null) {
                target.completeExceptionally(failure);
            } else {
                target.complete(value);
            }
        });
    }

    /**
     * Records what a step came to: every event of it (sent to the broker at once, all awaited together), the delivery
     * as done when it was sent, and its next attempt or its dead letter.
     */
    private CompletableFuture<NotificationEvent> record(
            DeliveryJob job, DeliveryStep step, Recipient recipient, boolean wantsAck) {
        if (step.outcome() instanceof NotificationSent sent) {
            deliveries.remember(job.deliveryId(), sent);
            if (wantsAck) {
                acks.pending().expect(pendingOf(sent, job.deliveryId()));
            }
        }
        List<CompletableFuture<Void>> recorded = new ArrayList<>();
        step.events().forEach(event -> recorded.add(publisher.publishAsync(event)));
        CompletableFuture<NotificationEvent> next;
        if (step.retry() != null && jobs == null) {
            next = runJob(step.retry()); // in process: the caller waits for the retries too
        } else if (step.retry() != null) {
            next = jobs.retryLater(step.retry()).thenApply(done -> step.last());
        } else if (step.outcome() instanceof NotificationFailed failed && jobs != null) {
            next = jobs.deadLetter(job, failed).thenApply(done -> failed);
        } else {
            next = CompletableFuture.completedFuture(step.outcome());
        }
        return CompletableFuture.allOf(recorded.toArray(CompletableFuture[]::new))
                .thenCompose(done -> next);
    }

    /** Waits for the result; a failure is thrown as it was (not wrapped). */
    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
