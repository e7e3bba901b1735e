package sos.notification.domain.routing;

import java.net.URI;
import java.util.Objects;
import java.util.Set;

/**
 * One recipient of notifications, as the routing file names it.
 *
 * @param channel how it is reached; only {@value #WEBHOOK} for now
 * @param url where its webhook is
 * @param secret the key its webhooks are signed with; null for the service-wide secret. Never logged.
 * @param enabled false keeps the recipient in the file without sending it anything
 */
public record Recipient(
        String id,
        String name,
        RecipientKind kind,
        String channel,
        URI url,
        String secret,
        Set<EventKind> receives,
        RecipientFilter filter,
        boolean enabled) {

    public static final String WEBHOOK = "webhook";

    public Recipient {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(url, "url");
        receives = Set.copyOf(receives);
        Objects.requireNonNull(filter, "filter");
    }

    public boolean receives(EventKind kind) {
        return enabled && receives.contains(kind);
    }

    /** Like the record's, but the secret is masked so that the recipient can be logged. */
    @Override
    public String toString() {
        return "Recipient[id=" + id + ", name=" + name + ", kind=" + kind + ", channel=" + channel + ", secret="
                + (secret == null ? "default" : "***") + ", receives=" + receives + ", filter=" + filter
                + ", enabled=" + enabled + "]";
    }
}
