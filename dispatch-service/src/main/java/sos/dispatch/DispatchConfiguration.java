package sos.dispatch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.scheduling.annotation.EnableScheduling;
import sos.dispatch.domain.Dispatcher;
import sos.dispatch.domain.Fleet;
import sos.dispatch.domain.FleetFile;
import sos.dispatch.domain.InvalidFleetException;
import sos.dispatch.domain.UnitSelector;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class DispatchConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DispatchConfiguration.class);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    Fleet fleet(DispatchProperties properties, ResourceLoader resources) {
        String location = properties.fleetFile();
        Resource resource = location.startsWith("classpath:") || location.startsWith("file:")
                ? resources.getResource(location)
                : new FileSystemResource(location);
        if (!resource.exists()) {
            throw new InvalidFleetException(
                    location, List.of("no such file (set SOS_DISPATCH_FLEET_FILE to a readable file)"));
        }
        Fleet fleet = FleetFile.parse(location, read(resource));
        log.info("Fleet of {} units loaded from {}", fleet.size(), location);
        return fleet;
    }

    @Bean
    Dispatcher dispatcher(Fleet fleet, DispatchProperties properties, Clock clock) {
        return new Dispatcher(
                fleet,
                new UnitSelector(properties.dispatchPolicy(), properties.travelTimes()),
                clock,
                properties.settings());
    }

    private static String read(Resource resource) {
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fleet file " + resource.getDescription(), e);
        }
    }
}
