package dev.signet.worker.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * addons-linter's JavaScript warnings, found by token patterns on {@link JsSource#code()} (comments and
 * literal contents blanked) rather than by a parser. Each rule is an ESLint rule the linter runs, reported with
 * the code and ESLint message the linter reports it with.
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

    /** {@code eval(}, also as {@code window.eval(}/{@code globalThis.eval(}/{@code self.eval(}, not as a method. */
    private static final Pattern EVAL = Pattern.compile(
            "(?:(?<![\\w$.])|(?<=(?<![\\w$.])(?:window|globalThis|self)\\s{0,9}\\.\\s{0,9}))eval\\s*\\(");
    /** {@code new Function(} and {@code Function(}: ESLint's no-new-func. */
    private static final Pattern FUNCTION = Pattern.compile("(?<![\\w$.])Function\\s*\\(");
    private static final Pattern TIMER = Pattern.compile(
            "(?<![\\w$])(setTimeout|setInterval|execScript)\\s*\\(\\s*[\"'`]");
    private static final Pattern DOCUMENT_WRITE = Pattern.compile("(?<![\\w$.])document\\s*\\.\\s*write\\s*\\(");
    private static final Pattern HTML_PROPERTY = Pattern.compile("\\.\\s*(innerHTML|outerHTML)\\s*(\\+?=)(?!=)");
    private static final Pattern INSERT_HTML = Pattern.compile("\\.\\s*insertAdjacentHTML\\s*\\(");
    private static final Pattern IMPORT_SCRIPTS = Pattern.compile("(?<![\\w$])importScripts\\s*\\(");
    private static final Pattern STATIC_LITERAL = Pattern.compile("^([\"'`])\\s*\\1$");

    private JsRules() {
    }

    /** A finding of a rule, at an offset of the source. */
    record Hit(String code, String message, String description, int offset) {
    }

    static List<Hit> check(JsSource js) {
        String code = js.code();
        List<Hit> hits = new ArrayList<>();
        find(EVAL, code, m -> new Hit(DANGEROUS_EVAL, "eval can be harmful.", EVAL_DESCRIPTION, m.start()), hits);
        find(FUNCTION, code, m -> new Hit(DANGEROUS_EVAL, "The Function constructor is eval.", EVAL_DESCRIPTION,
                m.start()), hits);
        find(TIMER, code, m -> new Hit(NO_IMPLIED_EVAL, "Implied eval. Consider passing a function instead of a "
                + "string.", IMPLIED_EVAL_DESCRIPTION, m.start(1)), hits);
        find(DOCUMENT_WRITE, code, m -> new Hit(NO_DOCUMENT_WRITE, "Use of document.write strongly discouraged.",
                DOCUMENT_WRITE_DESCRIPTION, m.start()), hits);
        find(HTML_PROPERTY, code, m -> isStatic(expressionAfter(code, m.end()))
                ? null
                : new Hit(UNSAFE_VAR_ASSIGNMENT, "Unsafe assignment to " + m.group(1), UNSAFE_DESCRIPTION,
                        m.start(1)), hits);
        find(INSERT_HTML, code, m -> {
            List<String> args = arguments(code, m.end());
            return args.size() >= 2 && isStatic(args.get(1))
                    ? null
                    : new Hit(UNSAFE_VAR_ASSIGNMENT, "Unsafe call to insertAdjacentHTML for argument 1",
                            UNSAFE_DESCRIPTION, m.start() + 1);
        }, hits);
        find(IMPORT_SCRIPTS, code, m -> remoteArgument(js, code, m.end())
                ? new Hit(REMOTE_SCRIPT, REMOTE_SCRIPT_MESSAGE, REMOTE_SCRIPT_DESCRIPTION, m.start())
                : null, hits);
        hits.sort((a, b) -> Integer.compare(a.offset(), b.offset()));
        return hits;
    }

    private interface Rule {
        Hit apply(Matcher m);
    }

    private static void find(Pattern pattern, String code, Rule rule, List<Hit> hits) {
        Matcher m = pattern.matcher(code);
        while (m.find()) {
            Hit hit = rule.apply(m);
            if (hit != null) {
                hits.add(hit);
            }
        }
    }

    /** A string or template literal without substitutions: nothing dynamic can come from it. */
    static boolean isStatic(String expression) {
        return STATIC_LITERAL.matcher(expression.strip()).matches();
    }

    /** The right-hand side of an assignment starting at {@code from}: up to {@code ;}, {@code ,} or a closing bracket. */
    static String expressionAfter(String code, int from) {
        int depth = 0;
        int i = from;
        for (; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (depth == 0 && (c == ';' || c == ',')) {
                break;
            } else if (depth == 0 && c == '\n' && !code.substring(from, i).isBlank()
                    && !continues(code, i)) {
                break;
            }
        }
        return code.substring(from, i);
    }

    /** Whether the expression goes on after a line break: the next line starts with a binary operator. */
    private static boolean continues(String code, int newline) {
        for (int i = newline + 1; i < code.length(); i++) {
            char c = code.charAt(i);
            if (!Character.isWhitespace(c)) {
                return "+-*/%?:.&|".indexOf(c) >= 0;
            }
        }
        return false;
    }

    /** The top-level arguments of a call whose {@code (} ends just before {@code from}. */
    static List<String> arguments(String code, int from) {
        List<String> args = new ArrayList<>();
        int depth = 0;
        int start = from;
        for (int i = from; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) {
                    args.add(code.substring(start, i));
                    return args;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                args.add(code.substring(start, i));
                start = i + 1;
            }
        }
        args.add(code.substring(start));
        return args;
    }

    /** Whether any string argument of the call names a remote URL ({@code http:}, {@code https:}, {@code //}). */
    private static boolean remoteArgument(JsSource js, String code, int from) {
        int offset = from;
        for (String arg : arguments(code, from)) {
            int quote = firstQuote(arg);
            if (quote >= 0 && isRemoteUrl(js.source().substring(offset + quote + 1,
                    Math.min(js.source().length(), offset + arg.length())))) {
                return true;
            }
            offset += arg.length() + 1;
        }
        return false;
    }

    private static int firstQuote(String arg) {
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                return i;
            }
            if (!Character.isWhitespace(c)) {
                return -1;
            }
        }
        return -1;
    }

    /** An absolute http(s) URL or a protocol-relative one: code fetched from elsewhere at run time. */
    static boolean isRemoteUrl(String url) {
        String u = url.strip().toLowerCase(Locale.ROOT);
        return u.startsWith("http:") || u.startsWith("https:") || u.startsWith("//");
    }
}
