package sos.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the browser tests find Debian's Chromium and chromedriver (never a downloaded driver), and the flags they start
 * it with: headless, no sandbox (root in CI), and no background traffic, which this machine's closed network refuses.
 * {@code SOS_CHROMIUM} and {@code SOS_CHROMEDRIVER} point elsewhere (for example at a path that does not exist, to see
 * a test skip).
 */
public final class HeadlessChromium {

    public static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("SOS_CHROMIUM", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER =
            Path.of(System.getenv().getOrDefault("SOS_CHROMEDRIVER", "/usr/bin/chromedriver"));

    private HeadlessChromium() {}

    /** Both are installed (else the browser tests skip, with {@link #MISSING} as the reason). */
    public static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    public static final String MISSING = "Chromium (" + CHROMIUM + ") or chromedriver (" + CHROMEDRIVER
            + ") is not installed: apt-get install chromium chromium-driver (.ci/run does)";

    /** The command-line flags, with a fresh profile folder of the test's own, and any the test adds. */
    public static List<String> arguments(Path profile, String... more) {
        List<String> arguments = new ArrayList<>(List.of(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile.toAbsolutePath()));
        arguments.addAll(List.of(more));
        return arguments;
    }
}
