package sos.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/** The registry file is checked at startup: a missing or invalid file stops the start with the reason. */
class ConsulateRegistryFileTest {

    @TempDir
    Path dir;

    private final MockEnvironment environment = new MockEnvironment().withProperty("RF_SECRET", "file-secret-1");

    @Test
    void shouldReadTheRegistryFileWithSecretsFromTheEnvironment() throws IOException {
        Path file = write("{id: rf-1, secret: \"${RF_SECRET}\"}");

        ConsulateRegistryFile registry = new ConsulateRegistryFile(properties(file), environment);

        assertThat(registry.get().findKey("rf-1"))
                .hasValueSatisfying(k -> assertThat(k.consulate().id()).isEqualTo("consulate-rf"));
    }

    @Test
    void shouldRefuseToStartWithAMissingFile() {
        Path missing = dir.resolve("missing.yml");

        assertThatThrownBy(() -> new ConsulateRegistryFile(properties(missing), environment))
                .hasMessageContaining("SOS_INGEST_REGISTRY_FILE=" + missing)
                .hasMessageContaining("cannot be read");
    }

    @Test
    void shouldRefuseToStartWithAnUnsetPlaceholderRatherThanUseItAsASecret() throws IOException {
        Path file = write("{id: rf-1, secret: \"${RF_UNSET_SECRET}\"}");

        assertThatThrownBy(() -> new ConsulateRegistryFile(properties(file), environment))
                .hasMessageContaining("key rf-1")
                .hasMessageContaining("placeholder");
    }

    @Test
    void shouldRefuseToStartWithThreeActiveKeysOrBrokenYaml() throws IOException {
        Path three = write("{id: a, secret: s1}, {id: b, secret: s2}, {id: c, secret: s3}");
        assertThatThrownBy(() -> new ConsulateRegistryFile(properties(three), environment))
                .hasMessageContaining("is invalid")
                .hasMessageContaining("consulate-rf");

        Path broken = dir.resolve("broken.yml");
        Files.writeString(broken, "sos:\n  ingest:\n    consulates: [ {id: x, keys: [{id: k, secret: \"hush-42\"}\n");
        assertThatThrownBy(() -> new ConsulateRegistryFile(properties(broken), environment))
                .hasMessageContaining("YAML error at line")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hush-42"));
    }

    private Path write(String keys) throws IOException {
        Path file = Files.createTempFile(dir, "registry", ".yml");
        Files.writeString(file, """
                sos:
                  ingest:
                    consulates:
                      - id: consulate-rf
                        name: Consulate with a registry file
                        country: XX
                        keys: [%s]
                """.formatted(keys));
        return file;
    }

    private static IngestProperties properties(Path file) {
        return new IngestProperties(
                null,
                null,
                0,
                null,
                0,
                0,
                1000,
                null,
                0,
                0,
                null,
                null,
                null,
                null,
                null,
                null,
                file.toString(),
                List.of());
    }
}
