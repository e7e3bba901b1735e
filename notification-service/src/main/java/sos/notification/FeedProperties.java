package sos.notification;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code sos.notification.feed.*}: who may watch the live feeds.
 *
 * @param controlRoomToken Bearer token of the control-room feed; never logged
 * @param consulateTokens {@code <consulate id>=<token>} pairs, comma-separated: the Bearer token of each consulate's
 *     own feed; never logged
 */
@ConfigurationProperties("sos.notification.feed")
record FeedProperties(String controlRoomToken, String consulateTokens) {

    /** The consulate tokens by consulate id. */
    Map<String, String> consulateTokenMap() {
        Map<String, String> tokens = new LinkedHashMap<>();
        if (consulateTokens != null) {
            for (String pair : consulateTokens.split(",")) {
                int equals = pair.indexOf('=');
                if (equals > 0 && equals < pair.length() - 1) {
                    tokens.put(
                            pair.substring(0, equals).trim(),
                            pair.substring(equals + 1).trim());
                }
            }
        }
        return tokens;
    }

    @Override
    public String toString() {
        return "FeedProperties[consulates=" + consulateTokenMap().keySet() + "]";
    }
}
