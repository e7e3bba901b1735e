package sos.notification;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import sos.notification.domain.routing.RoutingFileException;
import sos.notification.domain.routing.RoutingFileParser;
import sos.notification.domain.routing.RoutingRules;

/** Reads the routing file named by {@code sos.notification.routing-file}; placeholders come from the environment. */
final class RoutingFileLoader {

    private static final Logger log = LoggerFactory.getLogger(RoutingFileLoader.class);

    private RoutingFileLoader() {}

    static RoutingRules load(String location, ResourceLoader resources, Environment environment) {
        Resource resource = location.startsWith("classpath:") || location.startsWith("file:")
                ? resources.getResource(location)
                : new FileSystemResource(location);
        String text;
        try (InputStream in = resource.getInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RoutingFileException(
                    location, List.of("cannot read it: " + e.getClass().getSimpleName()));
        }
        RoutingRules rules = new RoutingFileParser(environment::getProperty).parse(text, location);
        log.info(
                "Routing file {}: {} recipients ({} enabled)",
                location,
                rules.recipients().size(),
                rules.recipients().stream().filter(r -> r.enabled()).count());
        return rules;
    }
}
