package sos.notification;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import sos.contracts.EventJson;
import sos.contracts.NotificationAcknowledged;
import sos.contracts.RequestSignature;
import sos.notification.domain.Fanout;
import sos.notification.domain.ack.AckCodes;
import sos.notification.domain.ack.PendingAck;
import sos.notification.domain.routing.Recipient;
import sos.notification.domain.routing.RoutingRules;

/**
 * Acknowledgements: by the signed link in a message, by a signed webhook callback, or by an SMS reply ("ACK 4821")
 * that the SMS gateway forwards.
 */
@RestController
@RequestMapping("/api/v1")
class AckController {

    static final int MAX_BODY = 4096;

    private final Fanout fanout;
    private final RoutingRules rules;
    private final AckProperties properties;
    private final byte[] webhookSecret;
    private final Clock clock;

    AckController(
            Fanout fanout,
            RoutingRules rules,
            AckProperties properties,
            NotificationProperties notification,
            Clock clock) {
        this.fanout = fanout;
        this.rules = rules;
        this.properties = properties;
        this.webhookSecret = notification.webhookSecret().getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /** The link in a message: opening it acknowledges. */
    @GetMapping(path = "/acks/{deliveryId}", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> byLink(@PathVariable UUID deliveryId, @RequestParam(required = false) String token) {
        if (!AckCodes.linkTokenMatches(properties.linkSecret().getBytes(StandardCharsets.UTF_8), deliveryId, token)) {
            throw new AckRefusedException(HttpStatus.UNAUTHORIZED, "the link is not valid");
        }
        return answer(deliveryId, fanout.acknowledge(deliveryId, "LINK", clock.instant()));
    }

    /** A recipient's system calls back: {@code {"deliveryId": "..."}}, signed like the webhooks it received. */
    @PostMapping(path = "/acks", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> byWebhook(
            @RequestHeader(name = RequestSignature.SIGNATURE_HEADER, required = false) String signature,
            @RequestBody byte[] body) {
        if (body.length > MAX_BODY) {
            throw new AckRefusedException(HttpStatus.CONTENT_TOO_LARGE, "the body is larger than " + MAX_BODY);
        }
        UUID deliveryId;
        try {
            deliveryId = UUID.fromString(
                    EventJson.mapper().readTree(body).get("deliveryId").asString());
        } catch (RuntimeException e) {
            throw new AckRefusedException(HttpStatus.BAD_REQUEST, "the body must be {\"deliveryId\": \"<uuid>\"}");
        }
        Optional<PendingAck> pending = fanout.acknowledgements().pending().find(deliveryId);
        byte[] secret = pending.flatMap(p -> rules.recipient(p.recipientId()))
                .map(Recipient::secret)
                .map(s -> s.getBytes(StandardCharsets.UTF_8))
                .orElse(webhookSecret);
        if (RequestSignature.verify(signature, secret, body, clock.instant(), RequestSignature.DEFAULT_TOLERANCE)
                != RequestSignature.Verdict.VALID) {
            throw new AckRefusedException(HttpStatus.UNAUTHORIZED, "the signature is not valid");
        }
        return answer(deliveryId, fanout.acknowledge(deliveryId, "WEBHOOK", clock.instant()));
    }

    /** The SMS gateway forwards a reply: {@code {"from": "+923001234567", "text": "ACK 4821"}}. */
    @PostMapping(path = "/sms/inbound", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> bySms(
            @RequestHeader(name = "Authorization", required = false) String authorization, @RequestBody byte[] body) {
        String presented = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring("Bearer ".length())
                : null;
        if (!SseLiveFeed.tokenMatches(presented, properties.smsInboundToken())) {
            throw new AckRefusedException(HttpStatus.UNAUTHORIZED, "a valid Bearer token is required");
        }
        if (body.length > MAX_BODY) {
            throw new AckRefusedException(HttpStatus.CONTENT_TOO_LARGE, "the body is larger than " + MAX_BODY);
        }
        String from;
        String text;
        try {
            var json = EventJson.mapper().readTree(body);
            from = json.get("from").asString();
            text = json.get("text").asString();
        } catch (RuntimeException e) {
            throw new AckRefusedException(HttpStatus.BAD_REQUEST, "the body must be {\"from\": ..., \"text\": ...}");
        }
        String code = AckCodes.codeInReply(text);
        Set<String> senders = rules.recipients().stream()
                .filter(r -> from.equals(r.phone()))
                .map(Recipient::id)
                .collect(Collectors.toSet());
        Optional<PendingAck> pending = code == null
                ? Optional.empty()
                : fanout.acknowledgements().pending().findByCode(senders, code);
        if (pending.isEmpty()) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body("{\"acknowledged\":false}");
        }
        Optional<NotificationAcknowledged> ack =
                fanout.acknowledge(pending.get().deliveryId(), "SMS_REPLY", clock.instant());
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"acknowledged\":" + ack.isPresent() + "}");
    }

    private ResponseEntity<String> answer(UUID deliveryId, Optional<NotificationAcknowledged> ack) {
        if (ack.isPresent() || fanout.acknowledgements().pending().wasAcknowledged(deliveryId)) {
            return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("Acknowledged. Thank you.\n");
        }
        throw new AckRefusedException(HttpStatus.NOT_FOUND, "no message waits for this acknowledgement");
    }

    static final class AckRefusedException extends RuntimeException {
        final HttpStatus status;

        AckRefusedException(HttpStatus status, String message) {
            super(message);
            this.status = status;
        }
    }
}
