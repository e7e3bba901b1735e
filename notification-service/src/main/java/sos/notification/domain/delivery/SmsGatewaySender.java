package sos.notification.domain.delivery;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import sos.contracts.AlertEvent;
import sos.notification.domain.routing.Recipient;

/**
 * SMS through an HTTP SMS gateway, provider-neutral: the URL, one authentication header and a body template are
 * configuration. The template's placeholders {@code {to}}, {@code {from}}, {@code {text}}, {@code {deliveryId}} and
 * {@code {encoding}} ({@code GSM7} or {@code UCS2}) are filled in escaped for the body's content type (JSON string
 * content, or form-URL-encoded). The text is first shortened to one SMS segment where it can be
 * ({@link SmsText#fit}).
 */
public final class SmsGatewaySender implements ChannelSender {

    /**
     * @param authHeader e.g. {@code Authorization}; null for none
     * @param authValue e.g. {@code Bearer <token>} or {@code Basic <base64>}; never logged
     * @param contentType {@code application/json} or {@code application/x-www-form-urlencoded}
     * @param maxSegments the most segments one message may use
     */
    public record Settings(
            URI url,
            String authHeader,
            String authValue,
            String contentType,
            String bodyTemplate,
            String from,
            int maxSegments) {

        @Override
        public String toString() {
            return "Settings[url=" + url + ", authHeader=" + authHeader + ", contentType=" + contentType + "]";
        }
    }

    private final WebhookTransport http;
    private final Settings settings;

    public SmsGatewaySender(WebhookTransport http, Settings settings) {
        this.http = http;
        this.settings = settings;
    }

    @Override
    public AttemptResult attempt(UUID deliveryId, AlertEvent subject, Recipient recipient, String message)
            throws InterruptedException {
        String text = SmsText.fit(message, settings.maxSegments());
        Map<String, String> values = new LinkedHashMap<>();
        values.put("to", recipient.phone());
        values.put("from", settings.from());
        values.put("text", text);
        values.put("deliveryId", deliveryId.toString());
        values.put("encoding", SmsText.isGsm7(text) ? "GSM7" : "UCS2");
        return http.post(settings.url(), headers(), render(values));
    }

    byte[] render(Map<String, String> values) {
        boolean json = settings.contentType().toLowerCase().contains("json");
        String body = settings.bodyTemplate();
        for (Map.Entry<String, String> value : values.entrySet()) {
            String raw = value.getValue() == null ? "" : value.getValue();
            body = body.replace(
                    "{" + value.getKey() + "}",
                    json ? Json.escape(raw) : URLEncoder.encode(raw, StandardCharsets.UTF_8));
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", settings.contentType());
        if (settings.authHeader() != null && !settings.authHeader().isBlank()) {
            headers.put(settings.authHeader(), settings.authValue());
        }
        return headers;
    }
}
