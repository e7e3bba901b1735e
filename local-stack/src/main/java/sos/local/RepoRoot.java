package sos.local;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root: the folder that holds the reactor pom and the {@code local-stack} module. */
public final class RepoRoot {

    private RepoRoot() {}

    public static Path find() {
        String override = System.getenv("SOS_REPO_ROOT");
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath().normalize();
        }
        try {
            Path here = Path.of(RepoRoot.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            for (Path dir = here; dir != null; dir = dir.getParent()) {
                if (Files.isDirectory(dir.resolve("local-stack")) && Files.exists(dir.resolve("pom.xml"))) {
                    return dir;
                }
            }
        } catch (URISyntaxException | SecurityException e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }
}
