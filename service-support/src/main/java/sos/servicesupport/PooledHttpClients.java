package sos.servicesupport;

import java.time.Duration;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * The blocking HTTP client the services call other servers with (notification-service's recipients, alert-ingest's
 * peers): Apache HttpClient 5 over a pool of keep-alive connections, answering on the calling thread, no Nagle delay,
 * no redirects, no automatic retries (a caller's retries are its own and on record), no cookies. A pooled connection
 * idle for 2 s is checked before use (the server may have closed it), idle ones are closed after 30 s and every one
 * after 5 min. Closing the client closes its pool.
 */
public final class PooledHttpClients {

    private PooledHttpClients() {}

    /**
     * @param connectTimeout to open a connection
     * @param answerTimeout for the answer, and between two packets of it
     * @param poolWait how long a request waits for a free pooled connection
     * @param perHost connections to one host at most
     * @param total connections at most
     */
    public static CloseableHttpClient create(
            Duration connectTimeout, Duration answerTimeout, Duration poolWait, int perHost, int total) {
        Timeout answer = Timeout.ofMilliseconds(answerTimeout.toMillis());
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnPerRoute(perHost)
                        .setMaxConnTotal(total)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofMilliseconds(connectTimeout.toMillis()))
                                .setSocketTimeout(answer)
                                .setValidateAfterInactivity(Timeout.ofSeconds(2))
                                .setTimeToLive(Timeout.ofMinutes(5))
                                .build())
                        .setDefaultSocketConfig(SocketConfig.custom()
                                .setTcpNoDelay(true)
                                .setSoTimeout(answer)
                                .build())
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.ofMilliseconds(poolWait.toMillis()))
                        .setResponseTimeout(answer)
                        .build())
                .evictIdleConnections(Timeout.ofSeconds(30))
                .build();
    }
}
