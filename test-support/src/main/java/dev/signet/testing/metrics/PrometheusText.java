package dev.signet.testing.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A scrape in the Prometheus text exposition format (version 0.0.4), parsed: each sample's name, labels and value.
 * Enough for tests that check a series exists and moved; comments (HELP, TYPE) are skipped.
 */
public final class PrometheusText {

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = List.copyOf(samples);
    }

    public static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            samples.add(sample(line.strip()));
        }
        return new PrometheusText(samples);
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The samples of {@code name} whose labels include every one of {@code labels}. */
    public List<Sample> find(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name)
                && labels.entrySet().stream().allMatch(e -> e.getValue().equals(s.labels().get(e.getKey()))))
                .toList();
    }

    /** The value of the one matching sample, if there is one; more than one is an error (a label is missing). */
    public Optional<Double> value(String name, Map<String, String> labels) {
        List<Sample> found = find(name, labels);
        if (found.size() > 1) {
            throw new IllegalStateException(found.size() + " samples of " + name + " match " + labels + ": " + found);
        }
        return found.stream().findFirst().map(Sample::value);
    }

    /** The sum over the matching samples, or empty when there is none. */
    public Optional<Double> sum(String name, Map<String, String> labels) {
        List<Sample> found = find(name, labels);
        return found.isEmpty() ? Optional.empty()
                : Optional.of(found.stream().mapToDouble(Sample::value).sum());
    }

    /** Like {@link #sum} with 0 for a series not there yet (a counter before its first increment). */
    public double sumOrZero(String name, Map<String, String> labels) {
        return sum(name, labels).orElse(0.0);
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space;
        String name;
        Map<String, String> labels = new LinkedHashMap<>();
        if (brace >= 0 && brace < line.indexOf(' ')) {
            name = line.substring(0, brace);
            int i = brace + 1;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String key = line.substring(i, eq).strip();
                if (line.charAt(eq + 1) != '"') {
                    throw new IllegalArgumentException("label value not quoted: " + line);
                }
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char next = line.charAt(++j);
                        value.append(next == 'n' ? '\n' : next);
                    } else {
                        value.append(c);
                    }
                }
                labels.put(key, value.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            space = line.indexOf(' ', i);
        } else {
            space = line.indexOf(' ');
            name = line.substring(0, space);
        }
        String rest = line.substring(space + 1).strip();
        String number = rest.contains(" ") ? rest.substring(0, rest.indexOf(' ')) : rest;
        return new Sample(name, labels, switch (number) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(number);
        });
    }
}
