package dev.signet.worker.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HtmlRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "<script src=\"https://cdn.example.com/lib.js\"></script>",
        "<script src='http://cdn.example.com/lib.js'></script>",
        "<SCRIPT SRC=//cdn.example.com/lib.js></SCRIPT>",
        "<script defer\n  src=\"https://cdn.example.com/lib.js\"\n  integrity=\"sha384-x\"></script>",
        "<script type=\"module\" src=\" https://cdn.example.com/m.js\"></script>",
    })
    void remoteScripts(String html) {
        List<JsRules.Hit> hits = HtmlRules.check(html);
        assertEquals(List.of("REMOTE_SCRIPT"), hits.stream().map(JsRules.Hit::code).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<script src=\"popup.js\"></script>",
        "<script src=\"./lib/a.js\" defer></script><script src=\"/lib/b.js\"></script>",
        "<!-- <script src=\"https://cdn.example.com/lib.js\"></script> -->",
        "<a href=\"https://example.com/\">https://example.com/script.js</a>",
        "<script type=\"application/json\">{\"a\": 1}</script>",
        "<script type=\"text/template\"><b>{{name}}</b></script>",
        "<script src=\"popup.js\">\n</script>",
        "<p>&lt;script src=\"https://x.example/a.js\"&gt;</p>",
    })
    void harmless(String html) {
        List<JsRules.Hit> hits = HtmlRules.check(html);
        assertTrue(hits.isEmpty(), () -> html + " -> " + hits);
    }

    @Test
    void inlineScriptIsReportedAndScanned() {
        String html = "<html>\n<body>\n<script>\n  var x = 1;\n  eval(x);\n</script>\n</body></html>";
        List<JsRules.Hit> hits = HtmlRules.check(html);
        assertEquals(List.of("INLINE_SCRIPT", "DANGEROUS_EVAL"), hits.stream().map(JsRules.Hit::code).toList());
        int[] lines = JsSource.lineStarts(html);
        assertEquals(3, JsSource.lineOf(lines, hits.get(0).offset()));
        assertEquals(5, JsSource.lineOf(lines, hits.get(1).offset()));
    }

    @Test
    void tagsInsideAScriptAreScriptText() {
        String html = "<script>var s = '<script src=\"https://cdn.example.com/a.js\"></scr' + 'ipt>';</script>";
        assertEquals(List.of("INLINE_SCRIPT"), HtmlRules.check(html).stream().map(JsRules.Hit::code).toList());
        String unclosed = "<script src=\"a.js\">\n<script src=\"https://cdn.example.com/b.js\"></script>";
        assertTrue(HtmlRules.check(unclosed.replace("</script>", "")).isEmpty());
    }

    @Test
    void hostileMarkupStaysLinear() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            HtmlRules.check("<script ".repeat(500_000));
            HtmlRules.check("<script>".repeat(500_000));
            HtmlRules.check("<!--".repeat(500_000));
        });
    }

    @Test
    void attributes() {
        assertEquals("a.js", HtmlRules.attribute(" async src='a.js'", "src"));
        assertEquals("b.js", HtmlRules.attribute(" data-src=\"x.js\" SRC=b.js", "src"));
        assertEquals("", HtmlRules.attribute(" src", "src"));
        assertEquals(null, HtmlRules.attribute(" type=\"module\"", "src"));
    }
}
