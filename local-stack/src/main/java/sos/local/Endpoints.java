package sos.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import sos.contracts.EventJson;

/**
 * The machine-readable map of a running local stack, written to {@code <data dir>/endpoints.json} once every service
 * is ready and removed when the stack stops. Scripts, the CLI and tests find the stack through it.
 *
 * <p>{@code ingest}, {@code dispatch}, {@code notification} and {@code audit} are the first instance of each service;
 * {@code instances} names every instance's base URL per service (one each by default, more with {@code --instances}).
 */
public record Endpoints(
        String ingest,
        String dispatch,
        String notification,
        String audit,
        Map<String, List<String>> instances,
        String kafka,
        String postgres,
        String receiver,
        Demo demo,
        Map<String, Long> pids,
        String startedAt) {

    /** Demo credentials of the local stack. */
    public record Demo(
            String consulateId,
            String keyId,
            String secret,
            String analystToken,
            String dispatchOpsToken,
            String webhookSecret,
            String pin,
            String duressPin,
            String panelUser,
            String panelPassword) {}

    public static Path fileIn(Path dataDir) {
        return dataDir.resolve("endpoints.json");
    }

    public static Endpoints read(Path file) throws IOException {
        return EventJson.mapper().readValue(file.toFile(), Endpoints.class);
    }

    void write(Path dataDir) throws IOException {
        Path tmp = dataDir.resolve("endpoints.json.tmp");
        Files.writeString(
                tmp, EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this));
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
        Files.move(tmp, fileIn(dataDir), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
