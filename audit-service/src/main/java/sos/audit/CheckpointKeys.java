package sos.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sos.audit.domain.CheckpointSigner;

/**
 * Where the checkpoint signing key comes from: the two variables when set (base64 PKCS#8 private key and X.509 public
 * key), else the key file (those two lines), else a new key pair written to the key file (owner-only permissions) so
 * that it survives a restart.
 */
final class CheckpointKeys {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointKeys.class);

    private CheckpointKeys() {}

    static KeyPair load(AuditProperties.Checkpoint settings) {
        if (hasText(settings.privateKey()) && hasText(settings.publicKey())) {
            return CheckpointSigner.decode(settings.privateKey(), settings.publicKey());
        }
        Path file = Path.of(settings.keyFile());
        try {
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
                if (lines.size() < 2) {
                    throw new IllegalStateException("checkpoint key file " + file + " must hold two lines");
                }
                return CheckpointSigner.decode(lines.get(0), lines.get(1));
            }
            KeyPair keys = CheckpointSigner.generate();
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(
                    file,
                    Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()) + "\n"
                            + Base64.getEncoder()
                                    .encodeToString(keys.getPublic().getEncoded()) + "\n",
                    StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // best effort on file systems without POSIX permissions
            }
            LOG.info("generated a new checkpoint signing key in {}", file);
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write checkpoint key file " + file, e);
        }
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
