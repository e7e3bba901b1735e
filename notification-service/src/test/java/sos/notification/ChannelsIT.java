package sos.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import sos.contracts.AlertRaised;
import sos.contracts.AlertType;
import sos.contracts.EventJson;
import sos.contracts.NotificationEvent;
import sos.contracts.NotificationFailed;
import sos.contracts.NotificationSent;
import sos.notification.domain.delivery.AttemptResult;
import sos.notification.domain.delivery.ChannelSender;
import sos.notification.domain.delivery.CircuitBreaker;
import sos.notification.domain.delivery.RetryPolicy;
import sos.notification.domain.delivery.SmsGatewaySender;
import sos.notification.domain.delivery.WebhookDeliverer;
import sos.notification.domain.delivery.WebhookSender;
import sos.notification.domain.delivery.WhatsAppSender;
import sos.notification.domain.routing.EventKind;
import sos.notification.domain.routing.Recipient;
import sos.notification.domain.routing.RecipientFilter;
import sos.notification.domain.routing.RecipientKind;

/** Each channel's real protocol client against a real local server: HTTP gateways, and SMTP. */
class ChannelsIT {

    private static final String SMS_TEMPLATE =
            "{\"to\":\"{to}\",\"from\":\"{from}\",\"text\":\"{text}\",\"encoding\":\"{encoding}\",\"reference\":\"{deliveryId}\"}";

    record Request(String path, Map<String, String> headers, String body) {}

    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    private HttpServer gateway;
    private SmtpServer smtp;
    private final HttpWebhookTransport http = new HttpWebhookTransport(Duration.ofSeconds(1), Duration.ofSeconds(3), 8);
    private final AlertRaised attack = Alerts.raised("consulate-de", AlertType.ARMED_ATTACK);

    @BeforeEach
    void startServers() throws IOException {
        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/", exchange -> {
            Map<String, String> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            String path = exchange.getRequestURI().getPath();
            requests.add(new Request(
                    path, headers, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(statuses.getOrDefault(path, 200), -1);
            exchange.close();
        });
        gateway.start();
        smtp = new SmtpServer();
    }

    @AfterEach
    void stopServers() throws IOException {
        gateway.stop(0);
        smtp.close();
    }

    @Test
    void shouldSendAnSmsThroughTheGatewayWithItsAuthenticationAndBodyTemplate() throws Exception {
        SmsGatewaySender sms = smsSender(SMS_TEMPLATE, "application/json");
        UUID deliveryId = UUID.randomUUID();

        AttemptResult result =
                sms.attempt(deliveryId, attack, person("+923001234567", null), "SOS \"ARMED_ATTACK\" at DE");

        assertThat(result).isEqualTo(new AttemptResult.Answered(200));
        Request request = requests.peek();
        assertThat(request.path()).isEqualTo("/sms/send");
        assertThat(request.headers())
                .containsEntry("authorization", "Bearer sms-token")
                .containsEntry("content-type", "application/json");
        var body = EventJson.mapper().readTree(request.body());
        assertThat(body.get("to").asString()).isEqualTo("+923001234567");
        assertThat(body.get("from").asString()).isEqualTo("SOS-KHI");
        assertThat(body.get("text").asString()).isEqualTo("SOS \"ARMED_ATTACK\" at DE");
        assertThat(body.get("encoding").asString()).isEqualTo("GSM7");
        assertThat(body.get("reference").asString()).isEqualTo(deliveryId.toString());
    }

    @Test
    void shouldSendUrduAsUcs2AndAFormEncodedBodyWhenTheGatewayWantsOne() throws Exception {
        SmsGatewaySender sms = smsSender("to={to}&msg={text}&coding={encoding}", "application/x-www-form-urlencoded");

        sms.attempt(UUID.randomUUID(), attack, person("+923001234567", null), "ہنگامی الرٹ: جرمن قونصل خانہ");

        String body = requests.peek().body();
        assertThat(body).startsWith("to=%2B923001234567&msg=").endsWith("&coding=UCS2");
        assertThat(java.net.URLDecoder.decode(body.split("&")[1].substring(4), StandardCharsets.UTF_8))
                .isEqualTo("ہنگامی الرٹ: جرمن قونصل خانہ");
    }

    @Test
    void shouldSendWhatsAppTextAndTemplateMessagesInTheCloudApiShape() throws Exception {
        URI base = URI.create("http://127.0.0.1:" + gateway.getAddress().getPort() + "/v21.0");
        WhatsAppSender text = new WhatsAppSender(http, new WhatsAppSender.Settings(base, "1098765", "wa-token", null));
        WhatsAppSender template =
                new WhatsAppSender(http, new WhatsAppSender.Settings(base, "1098765", "wa-token", "sos_alert"));

        assertThat(text.attempt(UUID.randomUUID(), attack, person("+923001234567", null), "SOS at DE"))
                .isEqualTo(new AttemptResult.Answered(200));
        template.attempt(UUID.randomUUID(), attack, person("+923001234567", null), "SOS at DE");

        List<Request> sent = List.copyOf(requests);
        assertThat(sent).extracting(Request::path).containsOnly("/v21.0/1098765/messages");
        assertThat(sent).allSatisfy(r -> assertThat(r.headers()).containsEntry("authorization", "Bearer wa-token"));
        var textBody = EventJson.mapper().readTree(sent.get(0).body());
        assertThat(textBody.get("messaging_product").asString()).isEqualTo("whatsapp");
        assertThat(textBody.get("to").asString()).isEqualTo("923001234567");
        assertThat(textBody.get("type").asString()).isEqualTo("text");
        assertThat(textBody.get("text").get("body").asString()).isEqualTo("SOS at DE");
        var templateBody = EventJson.mapper().readTree(sent.get(1).body());
        assertThat(templateBody.get("type").asString()).isEqualTo("template");
        assertThat(templateBody.get("template").get("name").asString()).isEqualTo("sos_alert");
        assertThat(templateBody.get("template").get("language").get("code").asString())
                .isEqualTo("en");
        assertThat(templateBody
                        .get("template")
                        .get("components")
                        .get(0)
                        .get("parameters")
                        .get(0)
                        .get("text")
                        .asString())
                .isEqualTo("SOS at DE");
    }

    @Test
    void shouldSendAnEmailOverSmtpWithTheDeliveryIdAndRefuseAnUnknownMailboxForGood() throws Exception {
        SmtpEmailSender email = new SmtpEmailSender(mailSender(), "sos@karachi.example");
        UUID deliveryId = UUID.randomUUID();
        String message = "SOS ARMED_ATTACK (CRITICAL) at Consulate General of Germany — alert " + attack.alertId();

        AttemptResult sent = email.attempt(deliveryId, attack, person(null, "security@de.example"), message);
        AttemptResult refused = email.attempt(deliveryId, attack, person(null, "nobody@de.example"), message);

        assertThat(sent).isEqualTo(new AttemptResult.Answered(250));
        assertThat(refused).isEqualTo(new AttemptResult.Answered(400));
        SmtpServer.Mail mail = smtp.mails().get(0);
        assertThat(mail.from()).isEqualTo("sos@karachi.example");
        assertThat(mail.to()).containsExactly("security@de.example");
        assertThat(mail.data())
                .contains("X-SOS-Delivery-Id: " + deliveryId)
                .contains("Subject: SOS ARMED_ATTACK (CRITICAL) at Consulate General of Germany\r\n");
        assertThat(smtp.mails()).hasSize(1);
    }

    @Test
    void shouldSendAnUrduEmailReadably() throws Exception {
        SmtpEmailSender email = new SmtpEmailSender(mailSender(), "sos@karachi.example");

        email.attempt(UUID.randomUUID(), attack, person(null, "security@de.example"), "ہنگامی الرٹ — alert 1");

        String data = smtp.mails().get(0).data();
        String subject = data.lines()
                .filter(line -> line.startsWith("Subject: "))
                .findFirst()
                .orElseThrow()
                .substring(9);
        assertThat(MimeUtility.decodeText(subject)).isEqualTo("ہنگامی الرٹ");
        assertThat(data).contains("charset=UTF-8");
    }

    @Test
    void shouldFailOverToTheSecondaryChannelWhenThePrimaryOneFails() {
        WebhookDeliverer deliverer = deliverer(3);
        Recipient recipient = new Recipient(
                "control-room",
                "Control room",
                RecipientKind.CONTROL_ROOM,
                Recipient.WEBHOOK,
                URI.create("http://127.0.0.1:" + refusedPort() + "/hooks/control-room"),
                null,
                Set.of(EventKind.ALERT_RAISED),
                RecipientFilter.EVERYTHING,
                true,
                "+923001234567",
                null,
                Recipient.SMS,
                Recipient.ENGLISH);

        NotificationEvent outcome = deliverer.deliver(UUID.randomUUID(), attack, recipient, "SOS at DE");

        assertThat(outcome).isInstanceOfSatisfying(NotificationSent.class, sent -> {
            assertThat(sent.channel()).isEqualTo(Recipient.SMS);
            assertThat(sent.attempts()).isEqualTo(3); // two refused webhook attempts, then the SMS
        });
        assertThat(requests).extracting(Request::path).containsExactly("/sms/send");
    }

    @Test
    void shouldStopTryingADeadChannelOnceItsCircuitIsOpenWhileOtherChannelsStillWork() {
        statuses.put("/sms/send", 503);
        WebhookDeliverer deliverer = deliverer(2);
        Recipient smsOnly = person("+923001234567", null);
        Recipient webhook = new Recipient(
                "desk",
                "Desk",
                RecipientKind.DISTRICT_OPS,
                Recipient.WEBHOOK,
                URI.create("http://127.0.0.1:" + gateway.getAddress().getPort() + "/hooks/desk"),
                null,
                Set.of(EventKind.ALERT_RAISED),
                RecipientFilter.EVERYTHING,
                true);

        NotificationEvent first = deliverer.deliver(UUID.randomUUID(), attack, smsOnly, "one");
        NotificationEvent second = deliverer.deliver(UUID.randomUUID(), attack, smsOnly, "two");
        NotificationEvent other = deliverer.deliver(UUID.randomUUID(), attack, webhook, "three");

        assertThat(first).isInstanceOf(NotificationFailed.class);
        assertThat(deliverer.breaker(Recipient.SMS).state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(second).isInstanceOfSatisfying(NotificationFailed.class, failed -> {
            assertThat(failed.attempts()).isZero();
            assertThat(failed.reason()).contains("circuit open");
        });
        assertThat(requests.stream().filter(r -> r.path().equals("/sms/send"))).hasSize(2);
        assertThat(other).isInstanceOf(NotificationSent.class);
    }

    private WebhookDeliverer deliverer(int breakerThreshold) {
        Map<String, ChannelSender> senders = Map.of(
                Recipient.WEBHOOK,
                new WebhookSender(http, Clock.systemUTC(), "secret".getBytes(StandardCharsets.UTF_8)),
                Recipient.SMS,
                smsSender(SMS_TEMPLATE, "application/json"));
        return new WebhookDeliverer(
                senders,
                new RetryPolicy(2, Duration.ZERO, Duration.ZERO),
                duration -> {},
                Clock.systemUTC(),
                breakerThreshold,
                Duration.ofMinutes(1));
    }

    private SmsGatewaySender smsSender(String template, String contentType) {
        return new SmsGatewaySender(
                http,
                new SmsGatewaySender.Settings(
                        URI.create("http://127.0.0.1:" + gateway.getAddress().getPort() + "/sms/send"),
                        "Authorization",
                        "Bearer sms-token",
                        contentType,
                        template,
                        "SOS-KHI",
                        3));
    }

    private JavaMailSenderImpl mailSender() {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(smtp.port());
        sender.setDefaultEncoding("UTF-8");
        Properties properties = new Properties();
        properties.put("mail.smtp.connectiontimeout", "2000");
        properties.put("mail.smtp.timeout", "5000");
        sender.setJavaMailProperties(properties);
        return sender;
    }

    private static Recipient person(String phone, String email) {
        return new Recipient(
                "consulate-de-security",
                "DE security",
                RecipientKind.CONSULATE,
                phone != null ? Recipient.SMS : Recipient.EMAIL,
                null,
                null,
                Set.of(EventKind.ALERT_RAISED),
                RecipientFilter.EVERYTHING,
                true,
                phone,
                email,
                null,
                Recipient.ENGLISH);
    }

    private static int refusedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
