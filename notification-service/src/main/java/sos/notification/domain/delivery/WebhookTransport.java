package sos.notification.domain.delivery;

import java.net.URI;
import java.util.Map;

/** Posts one webhook request; the HTTP client adapter implements it. */
public interface WebhookTransport {

    /**
     * One attempt. Never throws for a failed request: failures are results.
     *
     * @throws InterruptedException when the thread is interrupted, e.g. because the service is stopping
     */
    AttemptResult post(URI url, Map<String, String> headers, byte[] body) throws InterruptedException;
}
