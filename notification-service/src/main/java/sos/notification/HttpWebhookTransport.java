package sos.notification;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import sos.notification.domain.delivery.AttemptResult;
import sos.notification.domain.delivery.WebhookTransport;

/** Posts webhooks with the JDK's HTTP client: HTTP/1.1, no redirects, connect and request time-outs. */
final class HttpWebhookTransport implements WebhookTransport {

    private final HttpClient client;
    private final Duration requestTimeout;

    HttpWebhookTransport(Duration connectTimeout, Duration requestTimeout) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .build();
        this.requestTimeout = requestTimeout;
    }

    @Override
    public AttemptResult post(URI url, Map<String, String> headers, byte[] body) throws InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(url).timeout(requestTimeout).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return new AttemptResult.Answered(response.statusCode());
        } catch (HttpTimeoutException e) {
            return new AttemptResult.TimedOut();
        } catch (IOException e) {
            // the class name only: messages can quote the URL, which may carry a token
            return new AttemptResult.IoError(e.getClass().getSimpleName());
        }
    }
}
