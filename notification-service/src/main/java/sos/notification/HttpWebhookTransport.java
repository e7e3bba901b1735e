package sos.notification;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import sos.notification.domain.delivery.AttemptResult;
import sos.notification.domain.delivery.WebhookTransport;
import sos.servicesupport.PooledHttpClients;

/**
 * Posts webhooks with Apache HttpClient 5's blocking client: HTTP/1.1 over a pool of keep-alive connections (one per
 * delivery thread and recipient host at most), no redirects, connect and response time-outs.
 *
 * <p>Why not the JDK's {@code HttpClient}: its blocking {@code send} completes every response through chains of
 * {@code CompletableFuture} stages, and on a 2-core machine (common pool parallelism 1) each such stage runs on a new
 * thread; under 1,000 webhooks a second that cost about 45 ms per request in the notification benchmark. A blocking
 * client answers on the calling thread.
 */
final class HttpWebhookTransport implements WebhookTransport, AutoCloseable {

    private final CloseableHttpClient client;

    HttpWebhookTransport(Duration connectTimeout, Duration requestTimeout, int maxConnectionsPerHost) {
        // a few recipient hosts at once; a request waits for a pooled connection no longer than for an answer
        this.client = PooledHttpClients.create(
                connectTimeout, requestTimeout, requestTimeout, maxConnectionsPerHost, 4 * maxConnectionsPerHost);
    }

    @Override
    public AttemptResult post(URI url, Map<String, String> headers, byte[] body) throws InterruptedException {
        try {
            int status;
            try {
                status = execute(url, headers, body);
            } catch (NoHttpResponseException e) {
                // the recipient closed the pooled keep-alive connection as the request went out (a server closes idle
                // connections when it has too many): nothing was answered. Once more, on a new connection; in the rare
                // case that the first was processed all the same, the recipient drops the copy by its SOS-Delivery-Id.
                status = execute(url, headers, body);
            }
            return new AttemptResult.Answered(status);
        } catch (SocketTimeoutException e) {
            return new AttemptResult.TimedOut();
        } catch (InterruptedIOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("webhook request interrupted");
            }
            return new AttemptResult.TimedOut();
        } catch (java.net.ConnectException e) {
            // refused or unreachable, under one name whatever the client's subclass
            return new AttemptResult.IoError("ConnectException");
        } catch (IOException e) {
            // the class name only: messages can quote the URL, which may carry a token
            return new AttemptResult.IoError(e.getClass().getSimpleName());
        }
    }

    private int execute(URI url, Map<String, String> headers, byte[] body) throws IOException {
        HttpPost request = new HttpPost(url);
        headers.forEach(request::setHeader);
        request.setEntity(new ByteArrayEntity(body, null)); // the Content-Type is the sender's header
        return client.execute(request, answer -> {
            EntityUtils.consume(answer.getEntity()); // read to the end, so the connection goes back to the pool
            return answer.getCode();
        });
    }

    @Override
    public void close() {
        try {
            client.close(); // and its pool
        } catch (IOException e) {
            // closing: nothing left to do
        }
    }
}
