package dev.signet.testing.config;

import io.smallrye.config.ConfigMappings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The documented configuration keys against the ones a {@code @ConfigMapping} really has: the operators' reference
 * tables in docs/ must name every key, and no key that no longer exists. A key is documented when it is in the
 * first column of a Markdown table row, in backticks; {@code `a.b.c`, `.d`} there names {@code a.b.c} and
 * {@code a.b.d}.
 */
public final class ConfigReference {

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    private ConfigReference() {
    }

    /**
     * Every property of the mapping, as SmallRye Config names them ({@code *} for a map key); a list is one key
     * (its indexed form {@code key[*]} is the same setting).
     */
    public static Set<String> keysOf(Class<?> mapping, String prefix) {
        Set<String> keys = new TreeSet<>();
        for (String key : ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(mapping, prefix))
                .keySet()) {
            keys.add(normalise(key));
        }
        return keys;
    }

    /** The keys starting with {@code prefix.} that the tables of these Markdown files document. */
    public static Set<String> documented(String prefix, Path... docs) {
        Set<String> keys = new TreeSet<>();
        for (Path doc : docs) {
            for (String line : lines(doc)) {
                String first = firstCell(line);
                if (first == null) {
                    continue;
                }
                String previous = null;
                Matcher m = CODE.matcher(first);
                while (m.find()) {
                    String token = m.group(1).trim();
                    if (token.startsWith(".") && previous != null) {
                        token = previous.substring(0, previous.lastIndexOf('.')) + token;
                    }
                    if (token.startsWith(prefix + ".")) {
                        keys.add(normalise(token));
                        previous = token;
                    }
                }
            }
        }
        return keys;
    }

    /** What is wrong: keys of the mapping missing from the docs, and documented keys the mapping lacks. */
    public static List<String> problems(Set<String> actual, Set<String> documented) {
        List<String> problems = new ArrayList<>();
        for (String key : actual) {
            if (!documented.contains(key)) {
                problems.add("not documented: " + key);
            }
        }
        for (String key : documented) {
            if (!actual.contains(key)) {
                problems.add("documented but not a setting (renamed or removed?): " + key);
            }
        }
        return problems;
    }

    /** Map keys are written {@code <name>} (or {@code *}) in the docs. */
    private static String normalise(String key) {
        return key.replaceAll("<[^>]+>", "*").replaceAll("\\[\\*?]", "");
    }

    private static String firstCell(String line) {
        String trimmed = line.trim();
        if (!trimmed.startsWith("|")) {
            return null;
        }
        int end = trimmed.indexOf('|', 1);
        return end < 0 ? null : trimmed.substring(1, end);
    }

    private static List<String> lines(Path doc) {
        try {
            return Files.readAllLines(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
