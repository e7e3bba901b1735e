package sos.notification;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import sos.contracts.AlertEvent;
import sos.notification.domain.delivery.AttemptResult;
import sos.notification.domain.delivery.ChannelSender;
import sos.notification.domain.delivery.WebhookDeliverer;
import sos.notification.domain.routing.Recipient;

/**
 * E-mail over SMTP with Jakarta Mail: a UTF-8 plain-text message whose subject is the message's first sentence, with
 * the delivery id in a header. SMTP outcomes are told in HTTP terms for the retry policy: sent is 250; a refused
 * address or message 400 (final), refused credentials 401 (final); anything else (connection, time-out, 4xx from the
 * server) an I/O error that is retried.
 */
final class SmtpEmailSender implements ChannelSender {

    static final String DELIVERY_ID_HEADER = "X-" + WebhookDeliverer.DELIVERY_ID_HEADER;

    private final JavaMailSender mail;
    private final String from;

    SmtpEmailSender(JavaMailSender mail, String from) {
        this.mail = mail;
        this.from = from;
    }

    @Override
    public AttemptResult attempt(UUID deliveryId, AlertEvent subject, Recipient recipient, String message) {
        try {
            MimeMessage mime = mail.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(mime, false, StandardCharsets.UTF_8.name());
            helper.setFrom(from);
            helper.setTo(recipient.email());
            helper.setSubject(subjectOf(message));
            helper.setText(message, false);
            mime.setHeader(DELIVERY_ID_HEADER, deliveryId.toString());
            mail.send(mime);
            return new AttemptResult.Answered(250);
        } catch (MailAuthenticationException e) {
            return new AttemptResult.Answered(401);
        } catch (MailSendException e) {
            boolean refused = e.getFailedMessages().values().stream().anyMatch(SendFailedException.class::isInstance);
            return refused ? new AttemptResult.Answered(400) : new AttemptResult.IoError("MailSendException");
        } catch (MailException e) {
            return new AttemptResult.IoError(e.getClass().getSimpleName());
        } catch (MessagingException e) {
            return new AttemptResult.Answered(400); // the message could not be built: sending again will not help
        }
    }

    static String subjectOf(String message) {
        int end = message.indexOf(" — ");
        String subject = end < 0 ? message : message.substring(0, end);
        return subject.length() <= 120 ? subject : subject.substring(0, 117) + "...";
    }
}
