package sos.testsupport;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * How a browser test reaches audit-service's analyst explorer, without depending on its code: the addresses, and the
 * ids of the elements to use. Signing in: open {@link #signIn(String, UUID)}, type the audit token (analyst, admin or
 * the alert's consulate) into the element {@link #TOKEN_FIELD}, click {@link #SIGN_IN_BUTTON}; the browser lands on the
 * alert's timeline, whose table is {@link #TIMELINE_TABLE} with one row per event, its event type in a cell of class
 * {@link #EVENT_TYPE_CELL_CLASS}, in the order things happened.
 */
public final class AuditExplorer {

    public static final String TOKEN_FIELD = "token";
    public static final String SIGN_IN_BUTTON = "sign-in";
    public static final String TIMELINE_TABLE = "timeline";
    public static final String EVENT_TYPE_CELL_CLASS = "event-type";

    private AuditExplorer() {}

    /** The alert's timeline page: {@code <audit base URL>/explorer/alerts/<alertId>} (needs a signed-in session). */
    public static String timeline(String auditBaseUrl, UUID alertId) {
        return stripSlash(auditBaseUrl) + timelinePath(alertId);
    }

    /** The sign-in form, which goes on to the alert's timeline once signed in. */
    public static String signIn(String auditBaseUrl, UUID alertId) {
        return stripSlash(auditBaseUrl) + "/explorer/sign-in?next="
                + URLEncoder.encode(timelinePath(alertId), StandardCharsets.UTF_8);
    }

    private static String timelinePath(UUID alertId) {
        return "/explorer/alerts/" + alertId;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
