package sos.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import sos.ingest.domain.consulate.ConsulateRegistry;

/**
 * The consulate registry of the moment. Without {@code sos.ingest.registry-file} it is the application's configuration
 * ({@code sos.ingest.consulates}), fixed until a restart. With it, the registry is read from that YAML file (the same
 * {@code sos.ingest.consulates} structure; {@code ${...}} placeholders are resolved from the environment) at startup,
 * where an invalid file stops the start, and again within about a second of every change: a revoked key fails from
 * then on, without a restart. A changed file that is invalid is refused with an error in the log, and the registry in
 * force stays.
 */
@Component
final class ConsulateRegistryFile implements Supplier<ConsulateRegistry>, SmartLifecycle {

    static final long CHECK_EVERY_MS = 1_000;
    private static final Logger log = LoggerFactory.getLogger(ConsulateRegistryFile.class);

    private final Path file;
    private final int iterations;
    private final Environment environment;
    private volatile ConsulateRegistry registry;
    private byte[] loadedDigest;
    private ScheduledExecutorService watcher;

    ConsulateRegistryFile(IngestProperties properties, Environment environment) {
        this.iterations = properties.pinHashIterations();
        this.environment = environment;
        if (properties.registryFile().isEmpty()) {
            this.file = null;
            this.registry = IngestConfiguration.registry(properties.consulates(), iterations, "the configuration");
        } else {
            this.file = Path.of(properties.registryFile());
            byte[] content;
            try {
                content = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "SOS_INGEST_REGISTRY_FILE=" + file + " cannot be read: " + e.getMessage(), e);
            }
            this.registry = parse(content);
            this.loadedDigest = sha256(content);
        }
    }

    @Override
    public ConsulateRegistry get() {
        return registry;
    }

    /** Reloads the file if its content changed; keeps the registry in force when the new one is invalid. */
    synchronized void check() {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            if (loadedDigest != null) {
                log.error(
                        "consulate registry file {} cannot be read ({}); keeping the registry in force",
                        file,
                        e.toString());
                loadedDigest = null;
            }
            return;
        }
        byte[] digest = sha256(content);
        if (Arrays.equals(digest, loadedDigest)) {
            return;
        }
        loadedDigest = digest;
        try {
            registry = parse(content);
            log.info("consulate registry reloaded from {}", file);
        } catch (RuntimeException e) {
            // the messages name consulates, keys and fields, never a secret or a PIN
            log.error(
                    "consulate registry file {} changed but is invalid, keeping the registry in force ({} consulates,"
                            + " {} enabled keys): {}",
                    file,
                    registry.consulates().size(),
                    registry.enabledKeyCount(),
                    e.getMessage());
        }
    }

    private ConsulateRegistry parse(byte[] content) {
        List<IngestProperties.ConsulateConfig> consulates;
        try {
            List<PropertySource<?>> sources = new YamlPropertySourceLoader()
                    .load("consulate registry " + file, new ByteArrayResource(content, file.toString()));
            Binder binder = new Binder(
                    ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(environment));
            consulates = binder.bind("sos.ingest.consulates", Bindable.listOf(IngestProperties.ConsulateConfig.class))
                    .orElseThrow(() -> new IllegalArgumentException("it holds no sos.ingest.consulates list"));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "SOS_INGEST_REGISTRY_FILE=" + file + " is invalid: " + rootMessage(e), e);
        }
        for (IngestProperties.ConsulateConfig c : consulates) {
            unresolved(c.id(), "alert-pin", c.alertPin());
            unresolved(c.id(), "duress-pin", c.duressPin());
            if (c.keys() != null) {
                c.keys().forEach(k -> unresolved(c.id(), "key " + k.id(), k.secret()));
            }
        }
        try {
            return IngestConfiguration.registry(consulates, iterations, file.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SOS_INGEST_REGISTRY_FILE=" + file + " is invalid: " + e.getMessage());
        }
    }

    /** A {@code ${VAR}} whose variable is not set would otherwise become a literal secret. */
    private void unresolved(String consulateId, String what, String value) {
        if (value != null && value.contains("${")) {
            throw new IllegalArgumentException("SOS_INGEST_REGISTRY_FILE=" + file + " is invalid: consulate "
                    + consulateId + ", " + what + ": a ${...} placeholder names an environment variable that is not"
                    + " set");
        }
    }

    /** What went wrong, without quoting the file (a YAML snippet could hold a secret). */
    private static String rootMessage(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException yaml) {
                Mark mark = yaml.getProblemMark();
                return "YAML error"
                        + (mark == null
                                ? ""
                                : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1))
                        + ": " + yaml.getProblem();
            }
        }
        return String.valueOf(e.getMessage());
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void start() {
        if (file == null || watcher != null) {
            return;
        }
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "consulate-registry-watch");
            thread.setDaemon(true);
            return thread;
        });
        watcher.scheduleWithFixedDelay(this::checkSafely, CHECK_EVERY_MS, CHECK_EVERY_MS, TimeUnit.MILLISECONDS);
        log.info("watching the consulate registry file {} for changes (every {} ms)", file, CHECK_EVERY_MS);
    }

    private void checkSafely() {
        try {
            check();
        } catch (RuntimeException e) {
            log.error("consulate registry check failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (watcher != null) {
            watcher.shutdownNow();
            watcher = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return watcher != null;
    }
}
