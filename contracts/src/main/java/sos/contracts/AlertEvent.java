package sos.contracts;

import java.util.UUID;

/** An event that belongs to one alert; it is keyed by the alert id. */
public sealed interface AlertEvent extends SosEvent permits AlertLifecycleEvent, DispatchEvent, NotificationEvent {

    UUID alertId();

    @Override
    default String key() {
        return alertId().toString();
    }
}
