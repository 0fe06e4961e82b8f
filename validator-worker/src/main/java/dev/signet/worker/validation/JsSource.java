package dev.signet.worker.validation;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * A JavaScript source with its code told apart from comments and literals, without a parser: {@link #code()}
 * has the same length and line breaks as the source, comments are blanked, and the contents of strings,
 * template texts and regular expressions are blanked while their delimiters stay (so {@code "eval("} in a
 * string is never mistaken for a call, and a rule can still see that an argument is a string literal). The
 * code inside a template's {@code ${...}} stays code. Division versus regular expression is decided by the
 * previous token, the usual heuristic; a wrong guess only shifts what is blanked, never fails.
 */
final class JsSource {

    private static final Set<String> KEYWORDS_BEFORE_EXPRESSION = Set.of("return", "typeof", "instanceof", "in",
            "of", "new", "delete", "void", "throw", "case", "do", "else", "yield", "await");
    private static final String PUNCTUATION_BEFORE_EXPRESSION = "(,=:[!&|?{};+-*%<>~^";

    private final String source;
    private final char[] code;

    private JsSource(String source) {
        this.source = source;
        this.code = source.toCharArray();
        mask();
    }

    static JsSource of(String source) {
        return new JsSource(source);
    }

    String source() {
        return source;
    }

    /** The source with comments and literal contents blanked, same length and line breaks. */
    String code() {
        return new String(code);
    }

    /** The 1-based line of {@code offset}, given the offsets at which lines start. */
    static int lineOf(int[] lineStarts, int offset) {
        int low = 0;
        int high = lineStarts.length - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (lineStarts[mid] <= offset) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low + 1;
    }

    static int[] lineStarts(String text) {
        int count = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                count++;
            }
        }
        int[] starts = new int[count];
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts[line++] = i + 1;
            }
        }
        return starts;
    }

    private void mask() {
        // Each element counts the open braces of one template substitution, so its closing brace is found.
        Deque<int[]> templates = new ArrayDeque<>();
        int n = code.length;
        int i = 0;
        char last = 0;
        String lastWord = "";
        while (i < n) {
            char c = code[i];
            char next = i + 1 < n ? code[i + 1] : 0;
            if (c == '/' && next == '/') {
                i = blankUntilLineEnd(i);
            } else if (c == '/' && next == '*') {
                i = blankComment(i);
            } else if (c == '\'' || c == '"') {
                i = string(i, c);
                last = c;
                lastWord = "";
            } else if (c == '`') {
                i = templateText(i + 1, templates);
                last = '`';
                lastWord = "";
            } else if (c == '/' && regexAllowed(last, lastWord)) {
                i = regex(i);
                last = '/';
                lastWord = "";
            } else if (c == '}' && !templates.isEmpty() && templates.peek()[0] == 0) {
                templates.pop();
                i = templateText(i + 1, templates);
                last = '`';
                lastWord = "";
            } else if (Character.isJavaIdentifierStart(c)) {
                int start = i;
                while (i < n && Character.isJavaIdentifierPart(code[i])) {
                    i++;
                }
                lastWord = source.substring(start, i);
                last = 'a';
            } else {
                if (!templates.isEmpty() && (c == '{' || c == '}')) {
                    templates.peek()[0] += c == '{' ? 1 : -1;
                }
                if (!Character.isWhitespace(c)) {
                    last = Character.isDigit(c) ? 'a' : c;
                    lastWord = "";
                }
                i++;
            }
        }
    }

    private static boolean regexAllowed(char last, String lastWord) {
        if (last == 0) {
            return true;
        }
        if (last == 'a') {
            return KEYWORDS_BEFORE_EXPRESSION.contains(lastWord);
        }
        return PUNCTUATION_BEFORE_EXPRESSION.indexOf(last) >= 0;
    }

    private int blankUntilLineEnd(int i) {
        while (i < code.length && code[i] != '\n') {
            code[i++] = ' ';
        }
        return i;
    }

    private int blankComment(int i) {
        int end = source.indexOf("*/", i + 2);
        int stop = end < 0 ? code.length : end + 2;
        for (int j = i; j < stop; j++) {
            blank(j);
        }
        return stop;
    }

    /** Blanks a string's contents; an unterminated string ends at the line break. */
    private int string(int i, char quote) {
        int j = i + 1;
        while (j < code.length && code[j] != quote && code[j] != '\n') {
            if (code[j] == '\\' && j + 1 < code.length) {
                blank(j++);
            }
            blank(j++);
        }
        return j < code.length && code[j] == quote ? j + 1 : j;
    }

    /** Blanks template text from {@code i} up to the closing backtick or a substitution, which opens as code. */
    private int templateText(int i, Deque<int[]> templates) {
        int j = i;
        while (j < code.length) {
            char c = code[j];
            if (c == '\\' && j + 1 < code.length) {
                blank(j++);
                blank(j++);
            } else if (c == '`') {
                return j + 1;
            } else if (c == '$' && j + 1 < code.length && code[j + 1] == '{') {
                templates.push(new int[] {0});
                return j + 2;
            } else {
                blank(j++);
            }
        }
        return j;
    }

    /** Blanks a regular expression literal's body (a {@code /} inside a class {@code [...]} does not end it). */
    private int regex(int i) {
        int j = i + 1;
        boolean inClass = false;
        while (j < code.length && code[j] != '\n') {
            char c = code[j];
            if (c == '\\' && j + 1 < code.length && code[j + 1] != '\n') {
                blank(j++);
            } else if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            } else if (c == '/' && !inClass) {
                return j + 1;
            }
            blank(j++);
        }
        return j;
    }

    private void blank(int j) {
        if (code[j] != '\n' && code[j] != '\r') {
            code[j] = ' ';
        }
    }
}
