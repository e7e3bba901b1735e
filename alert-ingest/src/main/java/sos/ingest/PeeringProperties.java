package sos.ingest;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The alert-ingest instances that share the consulates' presses ({@link PressRouter}).
 *
 * @param peers the base URL of every instance, the same list in the same order on each (comma-separated); blank or
 *     one URL: no relaying
 * @param self this instance's URL as it appears in {@code peers}
 * @param connectTimeout how long to wait for a connection to the owner before deciding here
 */
@ConfigurationProperties("sos.ingest.peering")
record PeeringProperties(String peers, String self, Duration connectTimeout) {

    PeeringProperties {
        peers = peers == null ? "" : peers.trim();
        self = self == null ? "" : self.trim();
        connectTimeout = connectTimeout == null ? Duration.ofMillis(300) : connectTimeout;
        List<URI> list = peerList(peers);
        if (list.size() > 1 && !list.contains(URI.create(self))) {
            throw new IllegalArgumentException("sos.ingest.peering.self (SOS_INGEST_SELF) must be one of"
                    + " sos.ingest.peering.peers (SOS_INGEST_PEERS), exactly as written there");
        }
    }

    List<URI> peerList() {
        return peerList(peers);
    }

    URI selfUri() {
        return self.isEmpty() ? null : URI.create(self);
    }

    private static List<URI> peerList(String peers) {
        return Arrays.stream(peers.split(","))
                .map(String::trim)
                .filter(peer -> !peer.isEmpty())
                .map(URI::create)
                .toList();
    }
}
