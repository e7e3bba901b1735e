package sos.dispatch;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import sos.contracts.SosEvent;
import sos.contracts.UnitStateChanged;

/**
 * The live Server-Sent Events stream of dispatches per unit: every change of a unit's state while it is on an alert
 * (dispatched, acknowledged, en route, on scene) and its release, as an event named {@code dispatch} whose data is the
 * unit's {@code UnitStateChanged}; on connect, an event named {@code current} with the current dispatch (or a comment
 * when there is none). At most {@link #MAX_STREAMS_PER_UNIT} open streams per unit.
 */
@Component
class DispatchStream {

    static final int MAX_STREAMS_PER_UNIT = 4;

    private final Map<String, List<SseEmitter>> emitters = new ConcurrentHashMap<>();
    private final DispatchProperties properties;

    DispatchStream(DispatchProperties properties) {
        this.properties = properties;
    }

    SseEmitter open(String unitId, Object current) {
        List<SseEmitter> forUnit = emitters.computeIfAbsent(unitId, id -> new CopyOnWriteArrayList<>());
        if (forUnit.size() >= MAX_STREAMS_PER_UNIT) {
            throw new TooManyStreamsException(unitId);
        }
        SseEmitter emitter = new SseEmitter(properties.streamTimeout().toMillis());
        forUnit.add(emitter);
        emitter.onCompletion(() -> forUnit.remove(emitter));
        emitter.onTimeout(() -> forUnit.remove(emitter));
        emitter.onError(error -> forUnit.remove(emitter));
        if (current != null) {
            send(emitter, "current", current);
        } else {
            try {
                emitter.send(SseEmitter.event().comment("no current dispatch"));
            } catch (IOException e) {
                emitter.completeWithError(e);
            }
        }
        return emitter;
    }

    void offer(SosEvent event) {
        if (event instanceof UnitStateChanged state
                && (state.alertId() != null || "AVAILABLE".equals(state.status()))) {
            List<SseEmitter> forUnit = emitters.get(state.unitId());
            if (forUnit != null) {
                forUnit.forEach(emitter -> send(emitter, "dispatch", state));
            }
        }
    }

    private static void send(SseEmitter emitter, String name, Object data) {
        try {
            emitter.send(SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e);
        }
    }

    static final class TooManyStreamsException extends RuntimeException {

        TooManyStreamsException(String unitId) {
            super("unit " + unitId + " already has " + MAX_STREAMS_PER_UNIT + " open streams");
        }
    }
}
