package sos.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sos.audit.domain.CheckpointSigner;

class CheckpointKeysTest {

    @TempDir
    Path dir;

    @Test
    void shouldGenerateAKeyOnceAndReadTheSameKeyAfterARestart() throws Exception {
        Path file = dir.resolve("nested/checkpoint.key");

        KeyPair first = CheckpointKeys.load(settings(file, null, null));
        KeyPair second = CheckpointKeys.load(settings(file, null, null));

        assertThat(second.getPublic().getEncoded()).isEqualTo(first.getPublic().getEncoded());
        assertThat(new CheckpointSigner(second).keyId()).isEqualTo(new CheckpointSigner(first).keyId());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void shouldPreferTheKeyGivenInTheVariablesOverTheFile() {
        KeyPair given = CheckpointSigner.generate();
        String privateKey =
                Base64.getEncoder().encodeToString(given.getPrivate().getEncoded());
        String publicKey = Base64.getEncoder().encodeToString(given.getPublic().getEncoded());

        KeyPair loaded = CheckpointKeys.load(settings(dir.resolve("unused.key"), privateKey, publicKey));

        assertThat(loaded.getPublic().getEncoded()).isEqualTo(given.getPublic().getEncoded());
        assertThat(Files.exists(dir.resolve("unused.key"))).isFalse();
    }

    @Test
    void shouldRefuseAPublicKeyThatDoesNotBelongToThePrivateKey() {
        String privateKey = Base64.getEncoder()
                .encodeToString(CheckpointSigner.generate().getPrivate().getEncoded());
        String otherPublicKey = Base64.getEncoder()
                .encodeToString(CheckpointSigner.generate().getPublic().getEncoded());

        assertThatThrownBy(() -> CheckpointKeys.load(settings(dir.resolve("k"), privateKey, otherPublicKey)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static AuditProperties.Checkpoint settings(Path file, String privateKey, String publicKey) {
        return new AuditProperties.Checkpoint(Duration.ofMinutes(5), file.toString(), privateKey, publicKey);
    }
}
