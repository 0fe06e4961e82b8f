package dev.signet.autograph.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The samples of a Prometheus text exposition ({@code name{label="value",...} value [timestamp]}), parsed as the
 * format defines it: comments skipped, label values unescaped ({@code \\}, {@code \"}, {@code \n}).
 */
record PrometheusText(List<Sample> samples) {

    record Sample(String name, Map<String, String> labels, double value) {

        boolean has(Map<String, String> wanted) {
            return labels.entrySet().containsAll(wanted.entrySet());
        }
    }

    static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                samples.add(new LineParser(line).sample());
            }
        }
        return new PrometheusText(samples);
    }

    /** Every sample named {@code name} whose labels include {@code labels}. */
    List<Sample> find(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.has(labels)).toList();
    }

    /** The value of the one sample named {@code name} with exactly these labels' values, if present. */
    Optional<Double> value(String name, Map<String, String> labels) {
        List<Sample> found = find(name, labels);
        if (found.size() > 1) {
            throw new AssertionError(found.size() + " samples of " + name + " match " + labels + ": " + found);
        }
        return found.stream().findFirst().map(Sample::value);
    }

    /** As {@link #value}, absent counting as 0: a counter not yet incremented has no series. */
    double count(String name, Map<String, String> labels) {
        return value(name, labels).orElse(0.0);
    }

    private static final class LineParser {
        private final String line;
        private int pos;

        LineParser(String line) {
            this.line = line;
        }

        Sample sample() {
            int start = pos;
            while (pos < line.length() && line.charAt(pos) != '{' && line.charAt(pos) != ' ') {
                pos++;
            }
            String name = line.substring(start, pos);
            Map<String, String> labels = new LinkedHashMap<>();
            if (peek() == '{') {
                pos++;
                while (peek() != '}') {
                    String label = until('=');
                    expect('=');
                    expect('"');
                    labels.put(label, quoted());
                    if (peek() == ',') {
                        pos++;
                    }
                }
                pos++;
            }
            String[] rest = line.substring(pos).trim().split(" ");
            return new Sample(name, labels, parseValue(rest[0]));
        }

        private String until(char c) {
            int start = pos;
            while (pos < line.length() && line.charAt(pos) != c) {
                pos++;
            }
            return line.substring(start, pos).trim();
        }

        private String quoted() {
            StringBuilder value = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\') {
                    char escaped = next();
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    value.append(c);
                }
            }
        }

        private char peek() {
            if (pos >= line.length()) {
                throw new IllegalArgumentException("truncated sample line: " + line);
            }
            return line.charAt(pos);
        }

        private char next() {
            char c = peek();
            pos++;
            return c;
        }

        private void expect(char c) {
            if (next() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + (pos - 1) + " in: " + line);
            }
        }

        private static double parseValue(String v) {
            return switch (v) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                case "NaN" -> Double.NaN;
                default -> Double.parseDouble(v);
            };
        }
    }
}
