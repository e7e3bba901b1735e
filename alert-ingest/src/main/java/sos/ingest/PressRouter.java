package sos.ingest;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import sos.contracts.RequestSignature;
import sos.ingest.domain.consulate.ConsulateRegistry;
import sos.servicesupport.PooledHttpClients;

/**
 * Sends every new press of a consulate to one instance, its owner, so that the decision "new alert or repeat press"
 * is taken in one place even with several alert-ingest instances: two presses of one consulate reaching two instances
 * in the same moment would otherwise each open an incident (each instance's view of the other's alert lags by a few
 * milliseconds). The owner of a consulate is {@code peers[hash(consulateId) mod n]}; a non-owner relays the signed
 * request unchanged (the owner checks the signature, the idempotency key and the body itself) and returns the owner's
 * answer. When the owner cannot be reached in time, the press is decided here: an alert is never refused because a
 * peer is down (availability first; only then can two incidents of one consulate still happen).
 *
 * <p>Off with one instance ({@code SOS_INGEST_PEERS} empty). A relayed request carries {@code SOS-Relayed-By} and is
 * always decided where it arrives, so a request is relayed at most once. The header grants nothing.
 */
final class PressRouter implements AutoCloseable {

    static final String RELAYED_BY = "SOS-Relayed-By";
    private static final Logger log = LoggerFactory.getLogger(PressRouter.class);
    private static final List<String> RELAYED_REQUEST_HEADERS = List.of(
            RequestSignature.KEY_ID_HEADER,
            RequestSignature.SIGNATURE_HEADER,
            AlertController.IDEMPOTENCY_KEY,
            HttpHeaders.CONTENT_TYPE,
            "traceparent");
    private static final List<String> RELAYED_ANSWER_HEADERS =
            List.of(HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER, HttpHeaders.CONTENT_TYPE, AlertController.REPLAYED);

    private final List<URI> peers;
    private final URI self;
    private final Supplier<ConsulateRegistry> registry;
    private final CloseableHttpClient client;

    PressRouter(
            List<URI> peers,
            URI self,
            Supplier<ConsulateRegistry> registry,
            Duration connectTimeout,
            Duration answerTimeout) {
        this.peers = List.copyOf(peers);
        this.self = self;
        this.registry = registry;
        // waiting for a pooled connection counts as connecting: past it, the press is decided here
        this.client = peers.size() < 2
                ? null
                : PooledHttpClients.create(connectTimeout, answerTimeout, connectTimeout, 64, 256);
    }

    /** The instance that decides this key's presses, when it is another one; empty: decide here. */
    Optional<URI> ownerElsewhere(String keyId, String relayedBy) {
        if (client == null || relayedBy != null || keyId == null) {
            return Optional.empty();
        }
        Optional<String> consulate =
                registry.get().findKey(keyId).map(holder -> holder.consulate().id());
        if (consulate.isEmpty()) {
            return Optional.empty(); // unknown key: refused here, like anywhere
        }
        URI owner = ownerOf(consulate.get(), peers);
        return owner.equals(self) ? Optional.empty() : Optional.of(owner);
    }

    static URI ownerOf(String consulateId, List<URI> peers) {
        return peers.get(Math.floorMod(consulateId.hashCode(), peers.size()));
    }

    /**
     * Relays the press to its owner and returns the owner's answer; empty when the owner did not answer (then the
     * caller decides here). A press the owner answered is never sent twice.
     */
    Optional<ResponseEntity<Object>> relay(
            URI owner, String path, jakarta.servlet.http.HttpServletRequest request, byte[] body) {
        HttpPost post = new HttpPost(owner.resolve(path));
        for (String name : RELAYED_REQUEST_HEADERS) {
            String value = request.getHeader(name);
            if (value != null) {
                post.setHeader(name, value);
            }
        }
        post.setHeader(RELAYED_BY, self.toString());
        post.setEntity(new ByteArrayEntity(body, null));
        try {
            return Optional.of(client.execute(post, answer -> {
                HttpHeaders headers = new HttpHeaders();
                for (String name : RELAYED_ANSWER_HEADERS) {
                    Header header = answer.getFirstHeader(name);
                    if (header != null) {
                        headers.set(name, header.getValue());
                    }
                }
                byte[] bytes = answer.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(answer.getEntity());
                return ResponseEntity.status(answer.getCode()).headers(headers).body((Object) bytes);
            }));
        } catch (IOException e) {
            // connect refused or timed out, or no answer in time: decide here (the owner may have stored it: then
            // the idempotency key, when the client sent one, or the repeat-press rule keeps it one incident)
            log.warn(
                    "press not relayed to its owner {} ({}); deciding here",
                    owner,
                    e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    @Override
    public void close() throws IOException {
        if (client != null) {
            client.close();
        }
    }
}
