package dev.signet.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A generated document that is also committed (an OpenAPI document under docs/): the test fails when the committed
 * copy differs from what the code generates now, and leaves the fresh one in target/ to be copied over.
 */
public final class CommittedDocument {

    private CommittedDocument() {
    }

    /**
     * @param committed the committed file, relative to the module directory (e.g. ../docs/openapi/x.yaml)
     * @return null when they match, else the message to fail with
     */
    public static String compare(Path committed, String generated) throws IOException {
        String fresh = generated.endsWith("\n") ? generated : generated + "\n";
        String current = Files.exists(committed) ? Files.readString(committed, StandardCharsets.UTF_8) : null;
        if (fresh.equals(current)) {
            return null;
        }
        Path out = Path.of("target", "generated-docs", committed.getFileName().toString());
        Files.createDirectories(out.getParent());
        Files.writeString(out, fresh, StandardCharsets.UTF_8);
        return (current == null ? committed + " does not exist" : committed + " is stale")
                + ": the code now generates " + out.toAbsolutePath() + "; copy it over (cp " + out + " "
                + committed + ") and commit it";
    }
}
