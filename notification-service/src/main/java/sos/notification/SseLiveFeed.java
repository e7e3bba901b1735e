package sos.notification;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import sos.contracts.AlertEvent;
import sos.contracts.EventJson;
import sos.notification.domain.LiveFeed;
import sos.notification.domain.routing.Recipient;
import sos.notification.domain.routing.RecipientKind;

/**
 * Server-Sent Events for the live views: one stream for control-room screens, one per consulate. Each event is named
 * after the subject event's type and carries {@code {"alertId", "eventType", "message", "event"}}; an event sent to
 * several control rooms is streamed once. A subscriber that went away is dropped on the next send.
 */
final class SseLiveFeed implements LiveFeed, SmartLifecycle {

    static final String CONTROL_ROOM = "control-room";

    private final Map<String, List<SseEmitter>> subscribers = new java.util.concurrent.ConcurrentHashMap<>();
    private final Set<String> recentlySent = Collections.newSetFromMap(new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 10_000;
        }
    });

    private volatile boolean running;

    @Override
    public void start() {
        running = true;
    }

    /** Ends every stream first thing on shutdown, so that open screens do not hold up the graceful shutdown. */
    @Override
    public void stop() {
        running = false;
        subscribers.values().forEach(list -> {
            list.forEach(SseEmitter::complete);
            list.clear();
        });
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    SseEmitter subscribe(String audience) {
        SseEmitter emitter = new SseEmitter(0L); // no time-out: screens stay open
        List<SseEmitter> list = subscribers.computeIfAbsent(audience, a -> new CopyOnWriteArrayList<>());
        list.add(emitter);
        emitter.onCompletion(() -> list.remove(emitter));
        emitter.onError(error -> list.remove(emitter));
        emitter.onTimeout(() -> list.remove(emitter));
        try {
            emitter.send(SseEmitter.event().comment("subscribed to " + audience));
        } catch (IOException e) {
            list.remove(emitter);
        }
        return emitter;
    }

    @Override
    public void publish(Recipient recipient, AlertEvent subject, String message) {
        String audience = audienceOf(recipient);
        if (audience == null) {
            return;
        }
        synchronized (recentlySent) {
            if (!recentlySent.add(audience + "|" + subject.eventId())) {
                return;
            }
        }
        List<SseEmitter> listening = subscribers.getOrDefault(audience, List.of());
        if (listening.isEmpty()) {
            return; // nobody to write for (the hot path of every delivery)
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("alertId", subject.alertId().toString());
        data.put("eventType", subject.eventType());
        data.put("message", message);
        data.put("event", EventJson.mapper().readTree(EventJson.toJson(subject)));
        String json = EventJson.mapper().writeValueAsString(data);
        for (SseEmitter emitter : listening) {
            try {
                emitter.send(SseEmitter.event()
                        .id(subject.eventId().toString())
                        .name(subject.eventType())
                        .data(json, MediaType.APPLICATION_JSON));
            } catch (IOException | IllegalStateException e) {
                subscribers.get(audience).remove(emitter);
            }
        }
    }

    private static String audienceOf(Recipient recipient) {
        if (recipient.kind() == RecipientKind.CONTROL_ROOM) {
            return CONTROL_ROOM;
        }
        if (recipient.kind() == RecipientKind.CONSULATE && recipient.filter().consulateId() != null) {
            return "consulate:" + recipient.filter().consulateId();
        }
        return null;
    }

    /** Constant-time comparison of a presented token with the expected one; false when none is expected. */
    static boolean tokenMatches(String presented, String expected) {
        if (presented == null || expected == null || expected.isBlank()) {
            return false;
        }
        return MessageDigest.isEqual(
                presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
