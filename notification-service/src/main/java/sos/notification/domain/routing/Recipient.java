package sos.notification.domain.routing;

import java.net.URI;
import java.util.Objects;
import java.util.Set;

/**
 * One recipient of notifications, as the routing file names it.
 *
 * @param channel how it is reached first: {@value #WEBHOOK}, {@value #SMS}, {@value #WHATSAPP} or {@value #EMAIL}
 * @param url where its webhook is; null when it has none
 * @param secret the key its webhooks are signed with; null for the service-wide secret. Never logged.
 * @param enabled false keeps the recipient in the file without sending it anything
 * @param phone E.164 number for SMS and WhatsApp; may be null
 * @param email address for e-mail; may be null
 * @param secondaryChannel tried when the primary channel fails or its circuit is open; may be null
 * @param language {@value #ENGLISH} or {@value #URDU}
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
        boolean enabled,
        String phone,
        String email,
        String secondaryChannel,
        String language) {

    public static final String WEBHOOK = "webhook";
    public static final String SMS = "sms";
    public static final String WHATSAPP = "whatsapp";
    public static final String EMAIL = "email";

    public static final String ENGLISH = "en";
    public static final String URDU = "ur";

    /** A webhook-only recipient in English. */
    public Recipient(
            String id,
            String name,
            RecipientKind kind,
            String channel,
            URI url,
            String secret,
            Set<EventKind> receives,
            RecipientFilter filter,
            boolean enabled) {
        this(id, name, kind, channel, url, secret, receives, filter, enabled, null, null, null, ENGLISH);
    }

    public Recipient {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(channel, "channel");
        language = language == null ? ENGLISH : language;
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
                + ", enabled=" + enabled + ", secondaryChannel=" + secondaryChannel + ", language=" + language + "]";
    }
}
