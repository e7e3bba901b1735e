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
        String demoDuressPin,
        String panelUser,
        String panelPassword) {

    /** The demo user of the consulate panel ({@code /panel} on alert-ingest), of the demo consulate. */
    static final String DEMO_PANEL_USER = "de-duty-officer";

    /** Credentials without a panel user (files of earlier versions, tests): one is added on load. */
    public Credentials(
            String demoKeyId,
            String demoKeySecret,
            String webhookSecret,
            String analystToken,
            String dispatchOpsToken,
            String dbUser,
            String dbPassword,
            String demoPin,
            String demoDuressPin) {
        this(
                demoKeyId,
                demoKeySecret,
                webhookSecret,
                analystToken,
                dispatchOpsToken,
                dbUser,
                dbPassword,
                demoPin,
                demoDuressPin,
                null,
                null);
    }

    static final String DEMO_CONSULATE = "consulate-de";
    static final String DEMO_KEY_ID = "de-demo-1";

    static Credentials loadOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve("credentials.json");
        if (Files.exists(file)) {
            Credentials kept = EventJson.mapper().readValue(file.toFile(), Credentials.class);
            if (kept.demoPin() != null && kept.demoDuressPin() != null && kept.panelPassword() != null) {
                return kept;
            }
            // written by an earlier version without PINs or panel user: keep every secret, add what is missing
            String[] pins = pins();
            boolean keepPins = kept.demoPin() != null && kept.demoDuressPin() != null;
            Credentials upgraded = new Credentials(
                    kept.demoKeyId(),
                    kept.demoKeySecret(),
                    kept.webhookSecret(),
                    kept.analystToken(),
                    kept.dispatchOpsToken(),
                    kept.dbUser(),
                    kept.dbPassword(),
                    keepPins ? kept.demoPin() : pins[0],
                    keepPins ? kept.demoDuressPin() : pins[1],
                    kept.panelUser() != null ? kept.panelUser() : DEMO_PANEL_USER,
                    kept.panelPassword() != null ? kept.panelPassword() : random());
            write(file, upgraded);
            return upgraded;
        }
        String[] pins = pins();
        Credentials fresh = new Credentials(
                DEMO_KEY_ID,
                random(),
                random(),
                random(),
                random(),
                "sos_audit",
                random(),
                pins[0],
                pins[1],
                DEMO_PANEL_USER,
                random());
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
