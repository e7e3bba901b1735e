package sos.notification.domain.delivery;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import sos.contracts.AlertEvent;
import sos.notification.domain.routing.Recipient;

/**
 * The WhatsApp Business Cloud API's public HTTP shape: {@code POST {baseUrl}/{phone-number-id}/messages} with a Bearer
 * token. Without a template name it sends a text message; with one, a template message whose body has one text
 * parameter, the message (business-initiated conversations need an approved template).
 */
public final class WhatsAppSender implements ChannelSender {

    /**
     * @param baseUrl e.g. {@code https://graph.facebook.com/v21.0}
     * @param accessToken the Bearer token; never logged
     * @param templateName an approved template with one body parameter; null or blank for text messages
     */
    public record Settings(URI baseUrl, String phoneNumberId, String accessToken, String templateName) {

        @Override
        public String toString() {
            return "Settings[baseUrl=" + baseUrl + ", phoneNumberId=" + phoneNumberId + ", templateName=" + templateName
                    + "]";
        }
    }

    private final WebhookTransport http;
    private final Settings settings;

    public WhatsAppSender(WebhookTransport http, Settings settings) {
        this.http = http;
        this.settings = settings;
    }

    @Override
    public AttemptResult attempt(UUID deliveryId, AlertEvent subject, Recipient recipient, String message)
            throws InterruptedException {
        String base = settings.baseUrl().toString();
        URI url = URI.create((base.endsWith("/") ? base : base + "/") + settings.phoneNumberId() + "/messages");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Authorization", "Bearer " + settings.accessToken());
        return http.post(url, headers, body(recipient, message).getBytes(StandardCharsets.UTF_8));
    }

    String body(Recipient recipient, String message) {
        String to = recipient.phone().startsWith("+") ? recipient.phone().substring(1) : recipient.phone();
        String head = "{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"to\":\""
                + Json.escape(to) + "\",";
        if (settings.templateName() == null || settings.templateName().isBlank()) {
            return head + "\"type\":\"text\",\"text\":{\"preview_url\":false,\"body\":\"" + Json.escape(message)
                    + "\"}}";
        }
        return head + "\"type\":\"template\",\"template\":{\"name\":\"" + Json.escape(settings.templateName())
                + "\",\"language\":{\"code\":\"" + Json.escape(recipient.language())
                + "\"},\"components\":[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\""
                + Json.escape(message) + "\"}]}]}}";
    }
}
