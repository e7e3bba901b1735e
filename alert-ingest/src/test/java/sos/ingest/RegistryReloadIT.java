package sos.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static sos.ingest.ProblemAssertions.assertProblem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The consulate registry is read from {@code SOS_INGEST_REGISTRY_FILE} and reloaded when the file changes: a revoked
 * key fails within seconds and without a restart; an invalid new file is refused with an error in the log and the
 * registry in force stays.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"REGISTRY_IT_SECRET=" + RegistryReloadIT.SECRET, "SOS_INGEST_PIN_HASH_ITERATIONS=10000"})
@EmbeddedKafka(
        bootstrapServersProperty = "spring.kafka.bootstrap-servers",
        brokerProperties = {"auto.create.topics.enable=false"})
@ExtendWith(OutputCaptureExtension.class)
class RegistryReloadIT {

    static final String SECRET = "registry-reload-secret-42";
    private static final Duration RELOADED = Duration.ofSeconds(10);
    private static Path file;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void registryFile(DynamicPropertyRegistry registry) throws IOException {
        file = Files.createTempFile("consulates", ".yml");
        file.toFile().deleteOnExit();
        write(registryWith(
                "{id: rot-1, secret: \"${REGISTRY_IT_SECRET}\"}", "{id: rot-2, secret: \"${REGISTRY_IT_SECRET}\"}"));
        registry.add("SOS_INGEST_REGISTRY_FILE", file::toString);
    }

    @Test
    void shouldRefuseARevokedKeyWithoutARestartAndKeepTheRegistryWhenTheNewFileIsInvalid(CapturedOutput output) {
        assertThat(status("rot-1")).as("the key from the file works").isEqualTo(200);
        assertThat(status("rot-2")).isEqualTo(200);

        write(registryWith(
                "{id: rot-1, secret: \"${REGISTRY_IT_SECRET}\", revoked: true}",
                "{id: rot-2, secret: \"${REGISTRY_IT_SECRET}\"}"));
        await().atMost(RELOADED).pollInterval(Duration.ofMillis(200)).until(() -> status("rot-1") == 401);
        assertProblem(signed("rot-1").send(signed("rot-1").get("/api/v1/alerts")), 401, "signature-invalid");
        assertThat(status("rot-2")).as("the other key still works").isEqualTo(200);
        assertThat(output.getOut()).contains("consulate registry reloaded from " + file);

        // three active keys are not allowed: the whole new file is refused, and the registry in force stays
        write(registryWith(
                "{id: rot-1, secret: \"${REGISTRY_IT_SECRET}\"}",
                "{id: rot-2, secret: \"${REGISTRY_IT_SECRET}\"}",
                "{id: rot-3, secret: \"${REGISTRY_IT_SECRET}\"}"));
        await().atMost(RELOADED).until(() -> output.getOut().contains("changed but is invalid"));
        assertThat(status("rot-1")).as("still revoked").isEqualTo(401);
        assertThat(status("rot-3")).as("not taken from the invalid file").isEqualTo(401);
        assertThat(status("rot-2")).isEqualTo(200);

        write("sos:\n  ingest:\n    consulates: [ {id: broken, keys: [{id: x, secret: \"" + SECRET + "\"}\n");
        await().atMost(RELOADED).until(() -> output.getOut().contains("YAML error at line"));
        assertThat(status("rot-2")).isEqualTo(200);
        assertThat(output.getOut()).as("no secret in the log").doesNotContain(SECRET);
    }

    private int status(String keyId) {
        SignedRequests consulate = signed(keyId);
        return consulate.send(consulate.get("/api/v1/alerts")).statusCode();
    }

    private SignedRequests signed(String keyId) {
        return new SignedRequests(port, keyId, SECRET);
    }

    private static String registryWith(String... keys) {
        return """
                sos:
                  ingest:
                    consulates:
                      - id: consulate-rot
                        name: Consulate rotating its keys
                        country: XX
                        premises:
                          - {id: chancery, name: Chancery, address: Clifton, lat: 24.8138, lon: 67.03}
                        keys: [%s]
                """.formatted(String.join(", ", keys));
    }

    private static void write(String content) {
        try {
            Path next = Files.createTempFile(file.getParent(), "consulates", ".tmp");
            Files.writeString(next, content);
            Files.move(
                    next,
                    file,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
