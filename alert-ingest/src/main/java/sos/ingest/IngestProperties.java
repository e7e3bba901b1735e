package sos.ingest;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code sos.ingest.*}: see application.yml for the environment variables and their local defaults.
 *
 * @param publishTimeout how long a request waits for the broker to acknowledge an alert before answering 503; the
 *     producer's own timeouts are derived from it
 * @param signatureTolerance how far a signature's timestamp may be from the server's clock, either way
 * @param maxBodyBytes larger bodies get 413
 * @param idempotencyTtl how long an Idempotency-Key is remembered
 * @param idempotencyMaxEntries how many Idempotency-Keys are remembered at most (oldest forgotten first)
 * @param acceptedAlertsMaxEntries how many accepted alerts {@code GET /api/v1/alerts/{id}} can answer for
 * @param pinHashIterations PBKDF2 iterations for PINs given in clear (hashed at startup)
 * @param repeatWindow a new SOS from a consulate whose open alert was pressed less than this ago is a repeat press of
 *     it; zero turns repeat detection off
 * @param rateLimitPerMinute requests a minute per key on every endpoint except {@code POST /api/v1/alerts}
 * @param pinMaxFailures wrong PINs allowed per alert within {@code pinLockout} before its cancel is locked
 * @param pinLockout the window of wrong PINs (a failure is forgotten after pinLockout / pinMaxFailures)
 * @param alertViewWindow how far back {@code sos.alerts} is read at startup to rebuild the view of alerts
 * @param viewFetchWait how long the broker may hold a read of {@code sos.alerts} (and of the rejected-alerts topic) to
 *     batch records: how far another instance's writes may lag in this instance's view
 * @param serviceAreaName the name of the service area, shown in refusals
 * @param serviceArea the service area polygon, {@code lat,lon;lat,lon;...}; blank means no restriction
 * @param districtMap the district map, a GeoJSON resource location ({@code classpath:...}, {@code file:...}); blank
 *     means alerts carry no district
 * @param registryFile a YAML file holding {@code sos.ingest.consulates}, watched and reloaded when it changes; blank
 *     means the registry comes from the application's configuration and changes take a restart
 * @param consulates the consulate registry
 */
@ConfigurationProperties("sos.ingest")
record IngestProperties(
        Duration publishTimeout,
        Duration signatureTolerance,
        int maxBodyBytes,
        Duration idempotencyTtl,
        int idempotencyMaxEntries,
        int acceptedAlertsMaxEntries,
        int pinHashIterations,
        Duration repeatWindow,
        int rateLimitPerMinute,
        int pinMaxFailures,
        Duration pinLockout,
        Duration alertViewWindow,
        Duration viewFetchWait,
        String serviceAreaName,
        String serviceArea,
        String districtMap,
        String registryFile,
        List<ConsulateConfig> consulates) {

    IngestProperties {
        publishTimeout = publishTimeout == null ? Duration.ofSeconds(5) : publishTimeout;
        signatureTolerance = signatureTolerance == null ? Duration.ofSeconds(300) : signatureTolerance;
        maxBodyBytes = maxBodyBytes <= 0 ? 16 * 1024 : maxBodyBytes;
        idempotencyTtl = idempotencyTtl == null ? Duration.ofHours(24) : idempotencyTtl;
        idempotencyMaxEntries = idempotencyMaxEntries <= 0 ? 100_000 : idempotencyMaxEntries;
        acceptedAlertsMaxEntries = acceptedAlertsMaxEntries <= 0 ? 100_000 : acceptedAlertsMaxEntries;
        rateLimitPerMinute = rateLimitPerMinute <= 0 ? 120 : rateLimitPerMinute;
        pinMaxFailures = pinMaxFailures <= 0 ? 5 : pinMaxFailures;
        pinLockout = pinLockout == null ? Duration.ofMinutes(15) : pinLockout;
        repeatWindow = repeatWindow == null ? Duration.ofMinutes(30) : repeatWindow;
        alertViewWindow = alertViewWindow == null ? Duration.ofDays(7) : alertViewWindow;
        viewFetchWait = viewFetchWait == null ? Duration.ofMillis(50) : viewFetchWait;
        serviceAreaName = serviceAreaName == null || serviceAreaName.isBlank() ? "service area" : serviceAreaName;
        serviceArea = serviceArea == null ? "" : serviceArea;
        districtMap = districtMap == null ? "" : districtMap;
        registryFile = registryFile == null ? "" : registryFile.trim();
        pinHashIterations = pinHashIterations <= 0 ? 210_000 : pinHashIterations;
        consulates = consulates == null ? List.of() : List.copyOf(consulates);
        if (publishTimeout.toMillis() < 100) {
            throw new IllegalArgumentException("sos.ingest.publish-timeout must be at least 100ms");
        }
    }

    /**
     * One consulate. A PIN is given either as a hash ({@code alertPinHash}, {@code pbkdf2-sha256$...}) or in clear
     * ({@code alertPin}, typically from an environment variable), which is hashed at startup and then forgotten.
     */
    record ConsulateConfig(
            String id,
            String name,
            String country,
            List<PremisesConfig> premises,
            List<KeyConfig> keys,
            List<ContactConfig> contacts,
            String alertPin,
            String alertPinHash,
            String duressPin,
            String duressPinHash) {

        @Override
        public String toString() {
            return "ConsulateConfig[id=" + id + "]";
        }
    }

    record PremisesConfig(String id, String name, String address, double lat, double lon) {}

    record ContactConfig(String name, String role, String phone, String email) {}

    /** A blank secret disables the key; a revoked key is refused at once. */
    record KeyConfig(String id, String secret, boolean revoked) {

        @Override
        public String toString() {
            return "KeyConfig[id=" + id + ", revoked=" + revoked + "]";
        }
    }
}
