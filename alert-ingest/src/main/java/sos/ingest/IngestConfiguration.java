package sos.ingest;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import sos.contracts.GeoPoint;
import sos.ingest.domain.alert.AlertValidator;
import sos.ingest.domain.alert.ServiceArea;
import sos.ingest.domain.auth.Authenticator;
import sos.ingest.domain.consulate.ApiKey;
import sos.ingest.domain.consulate.Consulate;
import sos.ingest.domain.consulate.ConsulateRegistry;
import sos.ingest.domain.consulate.PinHash;
import sos.ingest.domain.consulate.Premises;
import sos.ingest.domain.consulate.SecurityContact;
import sos.ingest.domain.district.DistrictMap;
import sos.ingest.domain.idempotency.IdempotencyStore;
import sos.ingest.domain.intake.AlertIntake;
import sos.ingest.domain.intake.AlertPublisher;
import sos.ingest.domain.intake.RateLimiter;
import sos.ingest.domain.intake.RejectionPublisher;
import sos.ingest.domain.lifecycle.AlertBook;

/** Wires the domain from configuration. */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

    static final String DEV_SECRET = "local-demo-secret-change-me";
    static final String DEV_PIN = "1234";
    static final String DEV_DURESS_PIN = "9999";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger log = LoggerFactory.getLogger(IngestConfiguration.class);

    @Bean
    IngestInstance ingestInstance() {
        return IngestInstance.random();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The registry from {@code consulates}; logs what it holds and warns about public development secrets. */
    static ConsulateRegistry registry(
            List<IngestProperties.ConsulateConfig> consulates, int iterations, String source) {
        ConsulateRegistry registry = new ConsulateRegistry(
                consulates.stream().map(c -> consulate(c, iterations)).toList());
        log.info(
                "consulate registry from {}: {} consulates, {} enabled keys",
                source,
                registry.consulates().size(),
                registry.enabledKeyCount());
        boolean devSecret = consulates.stream()
                .flatMap(c -> c.keys() == null ? java.util.stream.Stream.empty() : c.keys().stream())
                .anyMatch(k -> DEV_SECRET.equals(k.secret()));
        if (devSecret) {
            log.warn("some consulate keys use the public local-development secret; set SOS_DEMO_KEY_SECRET outside"
                    + " a developer machine");
        }
        boolean devPin =
                consulates.stream().anyMatch(c -> DEV_PIN.equals(c.alertPin()) || DEV_DURESS_PIN.equals(c.duressPin()));
        if (devPin) {
            log.warn("some consulates use the public local-development PINs; set SOS_DEMO_PIN and SOS_DEMO_DURESS_PIN"
                    + " (or PIN hashes) outside a developer machine");
        }
        return registry;
    }

    @Bean
    AlertIntake alertIntake(
            IngestProperties properties,
            ConsulateRegistryFile registry,
            JsonBodyParser parser,
            CapBodyParser capParser,
            AlertPublisher publisher,
            RejectionPublisher rejections,
            AlertBook book,
            DistrictMap districtMap,
            Clock clock) {
        return new AlertIntake(
                        new Authenticator(registry, properties.signatureTolerance()),
                        parser,
                        capParser,
                        new AlertValidator(serviceArea(properties)),
                        publisher,
                        rejections,
                        new IdempotencyStore<>(
                                clock,
                                properties.idempotencyTtl(),
                                properties.idempotencyMaxEntries(),
                                properties.publishTimeout().multipliedBy(2)),
                        book,
                        properties.repeatWindow(),
                        clock,
                        UUID::randomUUID)
                .withRateLimiter(new RateLimiter(clock, properties.rateLimitPerMinute()))
                .withPinLockout(new RateLimiter(clock, properties.pinMaxFailures(), properties.pinLockout()))
                .withDistricts(districtMap)
                .awaitingView(properties.publishTimeout());
    }

    @Bean
    DistrictMap districtMap(IngestProperties properties, ResourceLoader resources) {
        DistrictMap map = DistrictMapLoader.load(resources, properties.districtMap());
        log.info(
                "district map {}: {} districts {}",
                properties.districtMap().isBlank() ? "(none)" : properties.districtMap(),
                map.districts().size(),
                map.districts().stream().map(DistrictMap.District::name).toList());
        return map;
    }

    @Bean
    AlertBook alertBook(IngestProperties properties) {
        return new AlertBook(properties.acceptedAlertsMaxEntries());
    }

    static ServiceArea serviceArea(IngestProperties properties) {
        ServiceArea area = serviceArea(properties.serviceAreaName(), properties.serviceArea());
        log.info("service area {}", properties.serviceAreaName());
        return area;
    }

    /** {@code lat,lon;lat,lon;...}; blank = no restriction. */
    static ServiceArea serviceArea(String name, String spec) {
        if (spec.isBlank()) {
            return ServiceArea.EVERYWHERE;
        }
        List<GeoPoint> vertices = new java.util.ArrayList<>();
        for (String vertex : spec.trim().split(";")) {
            String[] latLon = vertex.trim().split(",");
            if (latLon.length != 2) {
                throw new IllegalArgumentException("sos.ingest.service-area: each vertex is lat,lon; got " + vertex);
            }
            vertices.add(new GeoPoint(Double.parseDouble(latLon[0].trim()), Double.parseDouble(latLon[1].trim())));
        }
        return new ServiceArea(name, vertices);
    }

    static Consulate consulate(IngestProperties.ConsulateConfig c, int iterations) {
        List<Premises> premises = c.premises() == null
                ? List.of()
                : c.premises().stream()
                        .map(p -> new Premises(p.id(), p.name(), p.address(), new GeoPoint(p.lat(), p.lon())))
                        .toList();
        List<ApiKey> keys = c.keys() == null
                ? List.of()
                : c.keys().stream()
                        .map(k -> new ApiKey(k.id(), k.secret(), k.revoked()))
                        .toList();
        List<SecurityContact> contacts = c.contacts() == null
                ? List.of()
                : c.contacts().stream()
                        .map(k -> new SecurityContact(k.name(), k.role(), k.phone(), k.email()))
                        .toList();
        PinHash alertPin = pin(c.id(), "alert", c.alertPin(), c.alertPinHash(), iterations);
        PinHash duressPin = pin(c.id(), "duress", c.duressPin(), c.duressPinHash(), iterations);
        if (alertPin != null && duressPin != null && c.alertPin() != null && duressPin.matches(c.alertPin())) {
            throw new IllegalArgumentException(
                    "consulate " + c.id() + ": the duress PIN must differ from the alert PIN");
        }
        return new Consulate(c.id(), c.name(), c.country(), premises, keys, contacts, alertPin, duressPin);
    }

    private static PinHash pin(String consulateId, String which, String clear, String hash, int iterations) {
        try {
            if (hash != null && !hash.isBlank()) {
                return PinHash.parse(hash.trim());
            }
            if (clear != null && !clear.isBlank()) {
                return PinHash.of(clear.trim(), iterations, RANDOM);
            }
            return null;
        } catch (IllegalArgumentException e) {
            // the message never contains the PIN
            throw new IllegalArgumentException("consulate " + consulateId + ": " + which + " PIN: " + e.getMessage());
        }
    }

    /** Presses of one consulate decided by one instance; off with a single instance. */
    @Bean(destroyMethod = "close")
    PressRouter pressRouter(PeeringProperties peering, ConsulateRegistryFile registry, IngestProperties properties) {
        return new PressRouter(
                peering.peerList(),
                peering.selfUri(),
                registry,
                peering.connectTimeout(),
                // the owner answers within its publish timeout, or waits up to twice that for a duplicate in flight
                properties.publishTimeout().multipliedBy(2).plusSeconds(1));
    }
}
