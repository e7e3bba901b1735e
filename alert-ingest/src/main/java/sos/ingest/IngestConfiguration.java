package sos.ingest;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import sos.contracts.GeoPoint;
import sos.ingest.domain.alert.AlertValidator;
import sos.ingest.domain.auth.Authenticator;
import sos.ingest.domain.consulate.ApiKey;
import sos.ingest.domain.consulate.Consulate;
import sos.ingest.domain.consulate.ConsulateRegistry;
import sos.ingest.domain.consulate.Premises;
import sos.ingest.domain.idempotency.IdempotencyStore;
import sos.ingest.domain.intake.AcceptedAlerts;
import sos.ingest.domain.intake.AlertIntake;
import sos.ingest.domain.intake.AlertPublisher;
import sos.ingest.domain.intake.BodyParser;
import sos.ingest.domain.intake.RejectionPublisher;

/** Wires the domain from configuration. */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

    static final String DEV_SECRET = "local-demo-secret-change-me";
    private static final Logger log = LoggerFactory.getLogger(IngestConfiguration.class);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ConsulateRegistry consulateRegistry(IngestProperties properties) {
        ConsulateRegistry registry = new ConsulateRegistry(properties.consulates().stream()
                .map(IngestConfiguration::consulate)
                .toList());
        log.info(
                "consulate registry: {} consulates, {} enabled keys",
                registry.consulates().size(),
                registry.enabledKeyCount());
        boolean devSecret = properties.consulates().stream()
                .flatMap(c -> c.keys() == null ? java.util.stream.Stream.empty() : c.keys().stream())
                .anyMatch(k -> DEV_SECRET.equals(k.secret()));
        if (devSecret) {
            log.warn("some consulate keys use the public local-development secret; set SOS_DEMO_KEY_SECRET outside"
                    + " a developer machine");
        }
        return registry;
    }

    @Bean
    AlertIntake alertIntake(
            IngestProperties properties,
            ConsulateRegistry registry,
            BodyParser parser,
            AlertPublisher publisher,
            RejectionPublisher rejections,
            Clock clock) {
        return new AlertIntake(
                new Authenticator(registry, properties.signatureTolerance()),
                parser,
                new AlertValidator(),
                publisher,
                rejections,
                new IdempotencyStore<>(
                        clock,
                        properties.idempotencyTtl(),
                        properties.idempotencyMaxEntries(),
                        properties.publishTimeout().multipliedBy(2)),
                new AcceptedAlerts(properties.acceptedAlertsMaxEntries()),
                clock,
                UUID::randomUUID);
    }

    private static Consulate consulate(IngestProperties.ConsulateConfig c) {
        List<Premises> premises = c.premises() == null
                ? List.of()
                : c.premises().stream()
                        .map(p -> new Premises(p.id(), p.name(), new GeoPoint(p.lat(), p.lon())))
                        .toList();
        List<ApiKey> keys = c.keys() == null
                ? List.of()
                : c.keys().stream().map(k -> new ApiKey(k.id(), k.secret())).toList();
        return new Consulate(c.id(), c.name(), c.country(), premises, keys);
    }
}
