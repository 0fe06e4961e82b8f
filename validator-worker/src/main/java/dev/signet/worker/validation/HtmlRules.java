package dev.signet.worker.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * addons-linter's HTML warnings: a {@code <script>} loading code from elsewhere ({@code REMOTE_SCRIPT}) and an
 * inline script, which extension pages' default CSP will not run ({@code INLINE_SCRIPT}). Tags inside HTML
 * comments are ignored.
 */
final class HtmlRules {

    static final String INLINE_SCRIPT = "INLINE_SCRIPT";

    private static final Pattern COMMENT = Pattern.compile("<!--.*?(?:-->|$)", Pattern.DOTALL);
    private static final Pattern SCRIPT = Pattern.compile("<script\\b([^<>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern SCRIPT_END = Pattern.compile("</script\\s*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTE = Pattern.compile(
            "([^\\s\"'>/=]+)(?:\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'=<>`]+)))?");
    /** A URL with a scheme ({@code https:}, {@code data:}, {@code moz-extension:}) or protocol-relative. */
    private static final Pattern NOT_RELATIVE = Pattern.compile("^(?:[a-z][a-z0-9+.-]*:|//)",
            Pattern.CASE_INSENSITIVE);

    private HtmlRules() {
    }

    static List<JsRules.Hit> check(String html) {
        List<JsRules.Hit> hits = new ArrayList<>();
        check(html, hits::add);
        return hits;
    }

    /** Hands each finding to {@code sink} in page order. */
    static void check(String html, Consumer<JsRules.Hit> sink) {
        String text = withoutComments(html);
        Matcher m = SCRIPT.matcher(text);
        Matcher end = SCRIPT_END.matcher(text);
        int from = 0;
        while (from < text.length() && m.find(from)) {
            // A script's text runs to the next </script> (or the end of the page): no tag inside it is a tag.
            boolean closed = end.find(m.end());
            int bodyEnd = closed ? end.start() : text.length();
            from = closed ? end.end() : text.length();
            String src = attribute(m.group(1), "src");
            if (src != null && NOT_RELATIVE.matcher(src.strip()).find()) {
                sink.accept(new JsRules.Hit(JsRules.REMOTE_SCRIPT, JsRules.REMOTE_SCRIPT_MESSAGE,
                        JsRules.REMOTE_SCRIPT_DESCRIPTION + " Found <script src=\"" + src + "\">.", m.start()));
            } else if (src == null && isJavaScript(attribute(m.group(1), "type"))) {
                String body = text.substring(m.end(), bodyEnd);
                if (!body.isBlank()) {
                    sink.accept(new JsRules.Hit(INLINE_SCRIPT, "Inline scripts blocked by default",
                            "Default CSP rules prevent inline JavaScript from running; move the code into a .js "
                                    + "file of the add-on.", m.start()));
                    int offset = m.end();
                    JsRules.check(JsSource.of(body), hit -> sink.accept(new JsRules.Hit(hit.code(), hit.message(),
                            hit.description(), offset + hit.offset())));
                }
            }
        }
    }

    /** The HTML with comments blanked, same length and line breaks. */
    private static String withoutComments(String html) {
        StringBuilder out = new StringBuilder(html);
        Matcher m = COMMENT.matcher(html);
        while (m.find()) {
            for (int i = m.start(); i < m.end(); i++) {
                if (out.charAt(i) != '\n') {
                    out.setCharAt(i, ' ');
                }
            }
        }
        return out.toString();
    }

    private static boolean isJavaScript(String type) {
        if (type == null) {
            return true;
        }
        String t = type.strip().toLowerCase(Locale.ROOT);
        return t.isEmpty() || t.equals("text/javascript") || t.equals("module") || t.equals("application/javascript");
    }

    /** The value of an attribute in a tag's attribute text, or null when absent (an empty value is ""). */
    static String attribute(String attributes, String name) {
        Matcher m = ATTRIBUTE.matcher(attributes);
        while (m.find()) {
            if (m.group(1).equalsIgnoreCase(name)) {
                for (int g = 2; g <= 4; g++) {
                    if (m.group(g) != null) {
                        return m.group(g);
                    }
                }
                return "";
            }
        }
        return null;
    }
}
