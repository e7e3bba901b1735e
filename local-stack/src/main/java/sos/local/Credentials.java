package sos.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import sos.contracts.EventJson;

/**
 * The local stack's secrets, made at random on the first start and kept in {@code credentials.json} (mode 600) so that
 * they stay the same across restarts. They are passed to the services through the environment, never on a command
 * line and never logged.
 */
public record Credentials(
        String demoKeyId,
        String demoKeySecret,
        String webhookSecret,
        String analystToken,
        String dispatchOpsToken,
        String dbUser,
        String dbPassword,
        String demoPin,
        String demoDuressPin) {

    static final String DEMO_CONSULATE = "consulate-de";
    static final String DEMO_KEY_ID = "de-demo-1";

    static Credentials loadOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve("credentials.json");
        if (Files.exists(file)) {
            Credentials kept = EventJson.mapper().readValue(file.toFile(), Credentials.class);
            if (kept.demoPin() != null && kept.demoDuressPin() != null) {
                return kept;
            }
            // written by an earlier version without PINs: keep every secret, add the PINs
            String[] pins = pins();
            Credentials upgraded = new Credentials(
                    kept.demoKeyId(),
                    kept.demoKeySecret(),
                    kept.webhookSecret(),
                    kept.analystToken(),
                    kept.dispatchOpsToken(),
                    kept.dbUser(),
                    kept.dbPassword(),
                    pins[0],
                    pins[1]);
            write(file, upgraded);
            return upgraded;
        }
        String[] pins = pins();
        Credentials fresh = new Credentials(
                DEMO_KEY_ID, random(), random(), random(), random(), "sos_audit", random(), pins[0], pins[1]);
        write(file, fresh);
        return fresh;
    }

    private static void write(Path file, Credentials credentials) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(
                tmp, EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(credentials));
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system; the file still lives only under the user's data directory
        }
        Files.move(
                tmp,
                file,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** A six-digit alert PIN and a different six-digit duress PIN. */
    private static String[] pins() {
        SecureRandom random = new SecureRandom();
        String pin = String.format("%06d", random.nextInt(1_000_000));
        String duress;
        do {
            duress = String.format("%06d", random.nextInt(1_000_000));
        } while (duress.equals(pin));
        return new String[] {pin, duress};
    }

    private static String random() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public String toString() {
        return "Credentials[demoKeyId=" + demoKeyId + ", secrets hidden]";
    }
}
