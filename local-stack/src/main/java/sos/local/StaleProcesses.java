package sos.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Remembers the stack's process ids in {@code pids} so that a start after a crash of the launcher stops what the last
 * run left behind (including a postgres server whose parent was killed) before it starts anew.
 */
final class StaleProcesses {

    static final String FILE = "pids";

    private StaleProcesses() {}

    static void record(Path dataDir, List<ChildProcess> children) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (ChildProcess child : children) {
            lines.append(child.name()).append(' ').append(child.pid()).append('\n');
        }
        Files.writeString(dataDir.resolve(FILE), lines);
    }

    static void stop(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.trim().split(" ");
                if (parts.length == 2) {
                    ProcessHandle.of(Long.parseLong(parts[1]))
                            .filter(StaleProcesses::isOurs)
                            .ifPresent(handle -> {
                                System.out.println("stopping " + parts[0] + " (pid " + parts[1]
                                        + ") left over from an earlier run");
                                terminate(handle);
                            });
                }
            }
            Files.delete(file);
        }
        Path postmaster = dataDir.resolve("postgres").resolve("data").resolve("postmaster.pid");
        if (Files.exists(postmaster)) {
            List<String> lines = Files.readAllLines(postmaster);
            if (!lines.isEmpty()) {
                ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                        .filter(handle -> handle.info().command().orElse("").contains("postgres"))
                        .ifPresent(handle -> {
                            System.out.println("stopping a postgres server left over from an earlier run");
                            terminate(handle);
                        });
            }
        }
    }

    private static boolean isOurs(ProcessHandle handle) {
        String commandLine = handle.info().commandLine().orElse("");
        return commandLine.contains("sos.local.Main") || commandLine.contains("-exec.jar");
    }

    private static void terminate(ProcessHandle handle) {
        handle.destroy();
        try {
            handle.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            handle.destroyForcibly();
        }
    }
}
