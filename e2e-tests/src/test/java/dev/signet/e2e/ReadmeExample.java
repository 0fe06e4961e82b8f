package dev.signet.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commands of README.md's "Try it" block as written there, each with the output fragments the README promises
 * for it (the backquoted parts of the {@code # →} line that follows it).
 */
record ReadmeExample(List<Step> steps) {

    /** One command (continuation lines joined) and what its output must contain. */
    record Step(String command, List<String> expected) {
    }

    private static final Pattern QUOTED = Pattern.compile("`([^`]+)`");

    static ReadmeExample read(Path readme) throws IOException {
        String text = Files.readString(readme);
        int section = text.indexOf("## Try it");
        int start = text.indexOf("```bash\n", section) + "```bash\n".length();
        String block = text.substring(start, text.indexOf("\n```", start));
        List<Step> steps = new ArrayList<>();
        StringBuilder command = new StringBuilder();
        for (String line : block.split("\n")) {
            if (line.startsWith("# →") && !steps.isEmpty()) {
                Step last = steps.remove(steps.size() - 1);
                List<String> expected = new ArrayList<>(last.expected());
                Matcher m = QUOTED.matcher(line);
                while (m.find()) {
                    expected.add(m.group(1));
                }
                steps.add(new Step(last.command(), expected));
            } else if (!line.startsWith("#") && !line.isBlank()) {
                command.append(line.endsWith("\\") ? line.substring(0, line.length() - 1) : line);
                if (!line.endsWith("\\")) {
                    steps.add(new Step(command.toString().trim(), List.of()));
                    command.setLength(0);
                }
            }
        }
        return new ReadmeExample(steps);
    }
}
