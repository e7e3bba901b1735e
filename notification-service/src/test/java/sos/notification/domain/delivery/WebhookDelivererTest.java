package sos.notification.domain.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import sos.contracts.AlertRaised;
import sos.contracts.AlertType;
import sos.contracts.EventJson;
import sos.contracts.NotificationEvent;
import sos.contracts.NotificationFailed;
import sos.contracts.NotificationSent;
import sos.contracts.RequestSignature;
import sos.notification.Alerts;
import sos.notification.domain.routing.EventKind;
import sos.notification.domain.routing.Recipient;
import sos.notification.domain.routing.RecipientFilter;
import sos.notification.domain.routing.RecipientKind;
import tools.jackson.databind.JsonNode;

class WebhookDelivererTest {

    private static final byte[] SERVICE_SECRET = "service-secret".getBytes(StandardCharsets.UTF_8);
    private static final Clock CLOCK = Clock.fixed(Alerts.AT.plusSeconds(1), ZoneOffset.UTC);

    private final ScriptedTransport transport = new ScriptedTransport();
    private final List<Duration> sleeps = new ArrayList<>();
    private final WebhookDeliverer deliverer = new WebhookDeliverer(
            transport,
            new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(2), 0.5, () -> 0),
            sleeps::add,
            CLOCK,
            SERVICE_SECRET);
    private final AlertRaised alert = Alerts.raised("consulate-de", AlertType.ARMED_ATTACK);

    private static Recipient recipient(String id, String secret) {
        return new Recipient(
                id,
                id,
                RecipientKind.CONTROL_ROOM,
                Recipient.WEBHOOK,
                URI.create("http://127.0.0.1:1/hooks/" + id),
                secret,
                Set.of(EventKind.ALERT_RAISED),
                RecipientFilter.EVERYTHING,
                true);
    }

    private NotificationEvent deliver(Recipient recipient) {
        UUID deliveryId = DeliveryIds.deliveryId(alert.eventId(), recipient.id(), recipient.channel());
        return deliverer.deliver(deliveryId, alert, recipient, "SOS test");
    }

    @Test
    void shouldSignTheBodyWithTheServiceWideSecret() {
        transport.script(new AttemptResult.Answered(204));

        deliver(recipient("police-control-room", null));

        Request request = transport.requests.get(0);
        assertThat(RequestSignature.verify(
                        request.headers.get("SOS-Signature"),
                        SERVICE_SECRET,
                        request.body,
                        CLOCK.instant(),
                        RequestSignature.DEFAULT_TOLERANCE))
                .isEqualTo(RequestSignature.Verdict.VALID);
    }

    @Test
    void shouldSignWithTheRecipientsOwnSecretWhenItHasOne() {
        transport.script(new AttemptResult.Answered(204));

        deliver(recipient("consulate-de-security", "de-own-secret"));

        Request request = transport.requests.get(0);
        String signature = request.headers.get("SOS-Signature");
        assertThat(RequestSignature.verify(
                        signature,
                        "de-own-secret".getBytes(StandardCharsets.UTF_8),
                        request.body,
                        CLOCK.instant(),
                        RequestSignature.DEFAULT_TOLERANCE))
                .isEqualTo(RequestSignature.Verdict.VALID);
        assertThat(RequestSignature.verify(
                        signature, SERVICE_SECRET, request.body, CLOCK.instant(), RequestSignature.DEFAULT_TOLERANCE))
                .isEqualTo(RequestSignature.Verdict.BAD_SIGNATURE);
    }

    @Test
    void shouldPostTheEventWithItsDeliveryIdRecipientAndMessageAsJson() {
        transport.script(new AttemptResult.Answered(204));
        Recipient police = recipient("police-control-room", null);

        deliver(police);

        Request request = transport.requests.get(0);
        UUID deliveryId = DeliveryIds.deliveryId(alert.eventId(), "police-control-room", "webhook");
        assertThat(request.url).isEqualTo(police.url());
        assertThat(request.headers)
                .containsEntry("Content-Type", "application/json")
                .containsEntry("SOS-Delivery-Id", deliveryId.toString())
                .containsEntry("SOS-Event-Type", "AlertRaised");
        JsonNode body = EventJson.mapper().readTree(request.body);
        assertThat(body.get("deliveryId").asString()).isEqualTo(deliveryId.toString());
        assertThat(body.get("recipientId").asString()).isEqualTo("police-control-room");
        assertThat(body.get("message").asString()).isEqualTo("SOS test");
        assertThat(EventJson.fromJson(body.get("event").toString())).isEqualTo(alert);
    }

    @Test
    void shouldReportSentWithStatusAndAttempts() {
        transport.script(new AttemptResult.Answered(202));

        NotificationEvent outcome = deliver(recipient("police-control-room", null));

        UUID deliveryId = DeliveryIds.deliveryId(alert.eventId(), "police-control-room", "webhook");
        assertThat(outcome)
                .isEqualTo(new NotificationSent(
                        DeliveryIds.outcomeEventId(deliveryId, "NotificationSent"),
                        CLOCK.instant(),
                        alert.alertId(),
                        alert.eventId(),
                        "AlertRaised",
                        "police-control-room",
                        "webhook",
                        1,
                        202));
    }

    @Test
    void shouldRetryServerErrorsWithGrowingBackOffUntilTheRecipientAccepts() {
        transport.script(
                new AttemptResult.Answered(503), new AttemptResult.TimedOut(), new AttemptResult.Answered(204));

        NotificationEvent outcome = deliver(recipient("police-control-room", null));

        assertThat(outcome).isInstanceOfSatisfying(NotificationSent.class, sent -> {
            assertThat(sent.attempts()).isEqualTo(3);
            assertThat(sent.statusCode()).isEqualTo(204);
        });
        assertThat(sleeps).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(transport.requests)
                .extracting(r -> r.headers.get("SOS-Delivery-Id"))
                .containsOnly(transport.requests.get(0).headers.get("SOS-Delivery-Id"));
    }

    @Test
    void shouldReportFailedAfterTheLastAttempt() {
        transport.script(
                new AttemptResult.IoError("ConnectException"),
                new AttemptResult.IoError("ConnectException"),
                new AttemptResult.IoError("ConnectException"));

        NotificationEvent outcome = deliver(recipient("rangers-ops-room", null));

        assertThat(transport.requests).hasSize(3);
        assertThat(outcome).isInstanceOfSatisfying(NotificationFailed.class, failed -> {
            assertThat(failed.attempts()).isEqualTo(3);
            assertThat(failed.reason()).isEqualTo("I/O error: ConnectException");
            assertThat(failed.recipientId()).isEqualTo("rangers-ops-room");
            assertThat(failed.subjectEventId()).isEqualTo(alert.eventId());
            assertThat(failed.alertId()).isEqualTo(alert.alertId());
        });
    }

    @Test
    void shouldNotRetryWhenTheRecipientRefusesTheRequest() {
        transport.script(new AttemptResult.Answered(401), new AttemptResult.Answered(204));

        NotificationEvent outcome = deliver(recipient("police-control-room", null));

        assertThat(transport.requests).hasSize(1);
        assertThat(outcome)
                .isInstanceOfSatisfying(
                        NotificationFailed.class,
                        failed -> assertThat(failed.attempts()).isEqualTo(1));
    }

    @Test
    void shouldDeriveTheSameIdsForTheSameEventRecipientAndChannelOnly() {
        UUID once = DeliveryIds.deliveryId(alert.eventId(), "police-control-room", "webhook");

        assertThat(DeliveryIds.deliveryId(alert.eventId(), "police-control-room", "webhook"))
                .isEqualTo(once);
        assertThat(DeliveryIds.deliveryId(alert.eventId(), "rangers-ops-room", "webhook"))
                .isNotEqualTo(once);
        assertThat(DeliveryIds.deliveryId(alert.eventId(), "police-control-room", "sms"))
                .isNotEqualTo(once);
        assertThat(DeliveryIds.deliveryId(UUID.randomUUID(), "police-control-room", "webhook"))
                .isNotEqualTo(once);
        assertThat(DeliveryIds.outcomeEventId(once, "NotificationSent"))
                .isEqualTo(DeliveryIds.outcomeEventId(once, "NotificationSent"))
                .isNotEqualTo(DeliveryIds.outcomeEventId(once, "NotificationFailed"));
    }

    @Test
    void shouldStopWithoutReportingWhenInterrupted() {
        WebhookDeliverer interrupted = new WebhookDeliverer(
                transport,
                new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(2)),
                duration -> {
                    throw new InterruptedException();
                },
                CLOCK,
                SERVICE_SECRET);
        transport.script(new AttemptResult.Answered(503));

        assertThatThrownBy(() -> interrupted.deliver(UUID.randomUUID(), alert, recipient("x", null), "m"))
                .isInstanceOf(WebhookDeliverer.DeliveryInterruptedException.class);
        assertThat(Thread.interrupted()).isTrue();
    }

    private record Request(URI url, Map<String, String> headers, byte[] body) {}

    private static final class ScriptedTransport implements WebhookTransport {

        final List<Request> requests = new ArrayList<>();
        private final Deque<AttemptResult> results = new ArrayDeque<>();

        void script(AttemptResult... next) {
            results.addAll(List.of(next));
        }

        @Override
        public AttemptResult post(URI url, Map<String, String> headers, byte[] body) {
            requests.add(new Request(url, Map.copyOf(headers), body.clone()));
            return results.removeFirst();
        }
    }
}
