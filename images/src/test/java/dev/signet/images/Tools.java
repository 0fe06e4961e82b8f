package dev.signet.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** The command-line tools these tests use, and running them. */
final class Tools {

    private Tools() {
    }

    /**
     * Skips the calling test where a tool or root is missing; fails instead when CI=true (CI builds the images
     * as root with these tools installed by .ci/run).
     */
    static void require(String... tools) throws IOException, InterruptedException {
        String missing = null;
        for (String tool : tools) {
            if (new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() != 0) {
                missing = tool + " is missing (apt-get install umoci util-linux coreutils)";
                break;
            }
        }
        if (missing == null && !"0".equals(run(List.of("id", "-u")).trim())) {
            missing = "running an image's root filesystem (unshare, chroot, mount) needs root";
        }
        if (missing != null && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("the image tests cannot run on CI: " + missing);
        }
        Assumptions.assumeTrue(missing == null, missing);
    }

    /** Runs a command to completion and returns its standard output; fails with its output on a non-zero exit. */
    static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(command + ": still running after 5 minutes");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new AssertionError(command + ": exit " + process.exitValue() + "\n" + text);
        }
        return text;
    }
}
