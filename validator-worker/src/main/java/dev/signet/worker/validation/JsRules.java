package dev.signet.worker.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * addons-linter's JavaScript warnings, found from the identifiers of {@link JsSource#code()} (comments and
 * literal contents blanked) and a look at the tokens around each, rather than by a parser. Each rule is an
 * ESLint rule the linter runs, reported with the code and ESLint message the linter reports it with. One pass
 * over the code, and every look around is bounded, so a hostile file costs time linear in its size.
 */
final class JsRules {

    static final String DANGEROUS_EVAL = "DANGEROUS_EVAL";
    static final String NO_IMPLIED_EVAL = "NO_IMPLIED_EVAL";
    static final String NO_DOCUMENT_WRITE = "NO_DOCUMENT_WRITE";
    static final String UNSAFE_VAR_ASSIGNMENT = "UNSAFE_VAR_ASSIGNMENT";
    static final String REMOTE_SCRIPT = "REMOTE_SCRIPT";

    static final String EVAL_DESCRIPTION = "Evaluation of strings as code can lead to security vulnerabilities and "
            + "performance issues, even in the most innocuous of circumstances. Please avoid using `eval` and the "
            + "`Function` constructor when at all possible.";
    static final String IMPLIED_EVAL_DESCRIPTION = "setTimeout, setInterval and execScript functions should be "
            + "called only with function expressions as their first argument";
    static final String DOCUMENT_WRITE_DESCRIPTION = "document.write will fail in many circumstances when used in "
            + "extensions, and has potentially severe security repercussions when used improperly. Therefore, it "
            + "should not be used.";
    static final String UNSAFE_DESCRIPTION = "Due to both security and performance concerns, this may not be set "
            + "using dynamic values which have not been adequately sanitized. This can lead to security issues or "
            + "fairly serious performance degradation.";
    static final String REMOTE_SCRIPT_MESSAGE = "Remote scripts are not allowed as per the Add-on Policies.";
    static final String REMOTE_SCRIPT_DESCRIPTION = "Please include all scripts in the add-on.";

    /** Objects through which {@code eval} and the timers are still the global ones. */
    private static final Set<String> GLOBAL_OBJECTS = Set.of("window", "globalThis", "self");
    /** After a literal and a line break, these continue the expression rather than start a statement. */
    private static final String CONTINUATION = "+-*/%?:.&|^<>=([`";
    /** How far the first argument of {@code insertAdjacentHTML} is followed to find the second. */
    private static final int MAX_ARGUMENT = 200;

    private JsRules() {
    }

    /** A finding of a rule, at an offset of the source. */
    record Hit(String code, String message, String description, int offset) {
    }

    static List<Hit> check(JsSource js) {
        List<Hit> hits = new ArrayList<>();
        check(js, hits::add);
        return hits;
    }

    /** Hands each finding to {@code sink} in source order (findings are counted, not all kept). */
    static void check(JsSource js, Consumer<Hit> sink) {
        String code = js.code();
        int n = code.length();
        int i = 0;
        while (i < n) {
            if (!Character.isJavaIdentifierStart(code.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && Character.isJavaIdentifierPart(code.charAt(i))) {
                i++;
            }
            if (i - start >= 4 && i - start <= 18 && !isPropertyKey(code, i)) {
                Hit hit = identifier(js, code, code.substring(start, i), start, i);
                if (hit != null) {
                    sink.accept(hit);
                }
            }
        }
    }

    private static Hit identifier(JsSource js, String code, String word, int start, int end) {
        return switch (word) {
            case "eval" -> isCall(code, end) && isGlobal(code, start)
                    ? new Hit(DANGEROUS_EVAL, "eval can be harmful.", EVAL_DESCRIPTION, start) : null;
            case "Function" -> isCall(code, end) && object(code, start) == null
                    ? new Hit(DANGEROUS_EVAL, "The Function constructor is eval.", EVAL_DESCRIPTION, start) : null;
            case "setTimeout", "setInterval", "execScript" -> isCall(code, end) && isGlobal(code, start)
                    && isQuote(code, skipSpace(code, skipSpace(code, end) + 1))
                    ? new Hit(NO_IMPLIED_EVAL, "Implied eval. Consider passing a function instead of a string.",
                            IMPLIED_EVAL_DESCRIPTION, start) : null;
            case "write" -> isCall(code, end) && "document".equals(object(code, start))
                    && object(code, objectStart(code, start)) == null
                    ? new Hit(NO_DOCUMENT_WRITE, "Use of document.write strongly discouraged.",
                            DOCUMENT_WRITE_DESCRIPTION, objectStart(code, start)) : null;
            case "innerHTML", "outerHTML" -> object(code, start) != null && isUnsafeAssignment(code, end)
                    ? new Hit(UNSAFE_VAR_ASSIGNMENT, "Unsafe assignment to " + word, UNSAFE_DESCRIPTION, start)
                    : null;
            case "insertAdjacentHTML" -> object(code, start) != null && isCall(code, end)
                    && !isStaticSecondArgument(code, skipSpace(code, end) + 1)
                    ? new Hit(UNSAFE_VAR_ASSIGNMENT, "Unsafe call to insertAdjacentHTML for argument 1",
                            UNSAFE_DESCRIPTION, start) : null;
            case "importScripts" -> isCall(code, end) && hasRemoteArgument(js, code, skipSpace(code, end) + 1)
                    ? new Hit(REMOTE_SCRIPT, REMOTE_SCRIPT_MESSAGE, REMOTE_SCRIPT_DESCRIPTION, start) : null;
            // import("https://..."), import "https://...", import x from "https://...", export ... from "..."
            case "import", "from" -> object(code, start) == null && isRemoteModule(js, code, word, end)
                    ? new Hit(REMOTE_SCRIPT, REMOTE_SCRIPT_MESSAGE, REMOTE_SCRIPT_DESCRIPTION, start) : null;
            default -> null;
        };
    }

    /** A module specifier right after {@code import}/{@code from}, or {@code import(} with one, that is remote. */
    private static boolean isRemoteModule(JsSource js, String code, String word, int end) {
        int i = skipSpace(code, end);
        if (word.equals("import") && i < code.length() && code.charAt(i) == '(') {
            return hasRemoteArgument(js, code, i + 1);
        }
        int close = literalEnd(code, i);
        return close >= 0 && isRemoteUrl(js.source().substring(i + 1, close));
    }

    /** {@code { eval: 1 }}: a name before a single colon is a key, not a use. */
    private static boolean isPropertyKey(String code, int end) {
        int i = skipSpace(code, end);
        return i + 1 < code.length() && code.charAt(i) == ':' && code.charAt(i + 1) != ':';
    }

    private static boolean isCall(String code, int end) {
        int i = skipSpace(code, end);
        return i < code.length() && code.charAt(i) == '(';
    }

    /** Not a member ({@code obj.eval}), or a member of the global object ({@code window.eval}). */
    private static boolean isGlobal(String code, int start) {
        String object = object(code, start);
        return object == null || GLOBAL_OBJECTS.contains(object) && object(code, objectStart(code, start)) == null;
    }

    /**
     * For a property access {@code x.name} with the name at {@code start}: the identifier {@code x} ("" when
     * the object is not an identifier, e.g. {@code f().name}); null when the name is not a property access.
     */
    static String object(String code, int start) {
        int dot = skipSpaceBack(code, start - 1);
        if (dot < 0 || code.charAt(dot) != '.' || dot > 0 && code.charAt(dot - 1) == '.') {
            return null;
        }
        int end = skipSpaceBack(code, dot - 1) + 1;
        int begin = end;
        while (begin > 0 && Character.isJavaIdentifierPart(code.charAt(begin - 1))) {
            begin--;
        }
        return code.substring(begin, end);
    }

    /** Where the object of the property access at {@code start} begins (only meaningful when there is one). */
    private static int objectStart(String code, int start) {
        int end = skipSpaceBack(code, skipSpaceBack(code, start - 1) - 1) + 1;
        int begin = end;
        while (begin > 0 && Character.isJavaIdentifierPart(code.charAt(begin - 1))) {
            begin--;
        }
        return begin;
    }

    /** {@code = value} or {@code += value} (not {@code ==}) whose value is not a static literal. */
    private static boolean isUnsafeAssignment(String code, int end) {
        int i = skipSpace(code, end);
        if (i < code.length() && code.charAt(i) == '+') {
            i++;
        }
        if (i >= code.length() || code.charAt(i) != '=' || i + 1 < code.length() && code.charAt(i + 1) == '=') {
            return false;
        }
        return !isStaticValue(code, i + 1);
    }

    private static boolean isStaticSecondArgument(String code, int from) {
        int i = skipSpace(code, from);
        int comma;
        if (isQuote(code, i)) {
            int close = literalEnd(code, i);
            comma = close < 0 ? -1 : skipSpace(code, close + 1);
        } else {
            comma = topLevelComma(code, i);
        }
        return comma >= 0 && comma < code.length() && code.charAt(comma) == ',' && isStaticValue(code, comma + 1);
    }

    private static int topLevelComma(String code, int from) {
        int depth = 0;
        for (int i = from; i < Math.min(code.length(), from + MAX_ARGUMENT); i++) {
            char c = code.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth-- == 0) {
                    return -1;
                }
            } else if (c == ',' && depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether the expression at {@code from} is a lone string, or a template without substitutions: the literal
     * must be followed by the end of the expression ({@code ; , ) ] }}, the end of the file, or a line break that
     * does not continue it).
     */
    static boolean isStaticValue(String code, int from) {
        int open = skipSpace(code, from);
        int close = literalEnd(code, open);
        if (close < 0) {
            return false;
        }
        boolean newline = false;
        int i = close + 1;
        for (; i < code.length() && Character.isWhitespace(code.charAt(i)); i++) {
            newline |= code.charAt(i) == '\n';
        }
        if (i >= code.length() || ";,)]}".indexOf(code.charAt(i)) >= 0) {
            return true;
        }
        return newline && CONTINUATION.indexOf(code.charAt(i)) < 0;
    }

    /**
     * The index of the quote closing the literal opened at {@code open}, or -1 when there is no literal there,
     * it does not end on its line (strings), or it has a substitution (templates). Literal contents are blank in
     * the masked code, so the next quote of the same kind is the closing one.
     */
    private static int literalEnd(String code, int open) {
        if (!isQuote(code, open)) {
            return -1;
        }
        char quote = code.charAt(open);
        for (int i = open + 1; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == quote) {
                return i;
            }
            if (quote == '`' ? c == '$' && i + 1 < code.length() && code.charAt(i + 1) == '{' : c == '\n') {
                return -1;
            }
        }
        return -1;
    }

    /** Whether a string argument of the call names a remote URL ({@code http:}, {@code https:}, {@code //}). */
    private static boolean hasRemoteArgument(JsSource js, String code, int from) {
        int i = skipSpace(code, from);
        while (isQuote(code, i)) {
            int close = literalEnd(code, i);
            if (close < 0) {
                return false;
            }
            if (isRemoteUrl(js.source().substring(i + 1, close))) {
                return true;
            }
            i = skipSpace(code, close + 1);
            if (i >= code.length() || code.charAt(i) != ',') {
                return false;
            }
            i = skipSpace(code, i + 1);
        }
        return false;
    }

    private static boolean isQuote(String code, int i) {
        if (i < 0 || i >= code.length()) {
            return false;
        }
        char c = code.charAt(i);
        return c == '"' || c == '\'' || c == '`';
    }

    private static int skipSpace(String code, int i) {
        while (i < code.length() && Character.isWhitespace(code.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int skipSpaceBack(String code, int i) {
        while (i >= 0 && Character.isWhitespace(code.charAt(i))) {
            i--;
        }
        return i;
    }

    /** An absolute http(s) URL or a protocol-relative one: code fetched from elsewhere at run time. */
    static boolean isRemoteUrl(String url) {
        String u = url.strip().toLowerCase(Locale.ROOT);
        return u.startsWith("http:") || u.startsWith("https:") || u.startsWith("//");
    }
}
