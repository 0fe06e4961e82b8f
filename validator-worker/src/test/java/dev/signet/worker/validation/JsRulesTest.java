package dev.signet.worker.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsRulesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "eval(code);                                   | DANGEROUS_EVAL",
        "var x = eval ('1 + 1');                       | DANGEROUS_EVAL",
        "window.eval(code);                            | DANGEROUS_EVAL",
        "globalThis.eval(code);                        | DANGEROUS_EVAL",
        "const f = new Function('a', 'return a');      | DANGEROUS_EVAL",
        "const f = Function(body);                     | DANGEROUS_EVAL",
        "setTimeout(\"doIt()\", 100);                  | NO_IMPLIED_EVAL",
        "window.setInterval('tick()', 1000);           | NO_IMPLIED_EVAL",
        "setTimeout(`run(${x})`, 5);                   | NO_IMPLIED_EVAL",
        "document.write('<p>' + text + '</p>');        | NO_DOCUMENT_WRITE",
        "document . write(html);                       | NO_DOCUMENT_WRITE",
        "el.innerHTML = userText;                      | UNSAFE_VAR_ASSIGNMENT",
        "el.innerHTML = '<b>' + name + '</b>';         | UNSAFE_VAR_ASSIGNMENT",
        "el.innerHTML += row;                          | UNSAFE_VAR_ASSIGNMENT",
        "node.outerHTML = `<i>${name}</i>`;            | UNSAFE_VAR_ASSIGNMENT",
        "list.insertAdjacentHTML('beforeend', item);   | UNSAFE_VAR_ASSIGNMENT",
        "importScripts('https://cdn.example/lib.js');  | REMOTE_SCRIPT",
        "importScripts('local.js', \"//cdn.example/x.js\"); | REMOTE_SCRIPT",
        "self.importScripts('http://example.net/a.js'); | REMOTE_SCRIPT",
        "const m = await import('https://cdn.example.com/m.js'); | REMOTE_SCRIPT",
        "import { a } from \"https://cdn.example.com/m.js\"; | REMOTE_SCRIPT",
        "import 'https://cdn.example.com/side-effect.js';     | REMOTE_SCRIPT",
        "export * from '//cdn.example.com/m.js';               | REMOTE_SCRIPT",
    })
    void flags(String source, String code) {
        List<JsRules.Hit> hits = JsRules.check(JsSource.of(source));
        assertEquals(1, hits.size(), () -> hits.toString());
        assertEquals(code, hits.get(0).code());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // mentions in strings, comments, regular expressions and templates are not code
        "console.log('never eval(x) here');",
        "var s = \"new Function(\" + 'document.write(';",
        "// eval(code); setTimeout('x', 1)",
        "/* el.innerHTML = x; document.write(y) */ run();",
        "const re = /eval\\(|innerHTML = /g;",
        "if (a) { x = /[/]eval(/.test(s); }",
        "const t = `document.write(${safe})`;",
        // lookalikes that are not the risky call
        "obj.eval(code); myeval(x); evaluate(x);",
        "const fn = function () {}; class A { static create() { return new Functional(); } }",
        "setTimeout(() => run(), 100); setInterval(tick, 1000); setTimeout(function () {}, 0);",
        "myDocument.write(x); document.writeable = true; doc.write(x);",
        // static HTML is safe; comparisons are not assignments
        "el.innerHTML = '';",
        "el.innerHTML = \"<b>static</b>\";",
        "el.innerHTML = `<i>no substitution</i>`;",
        "if (el.innerHTML === '') { el.textContent = name; }",
        "el.insertAdjacentHTML('beforeend', '<hr>');",
        "importScripts('lib/worker-helpers.js');",
        "const url = 'https://example.com/api'; fetch(url);",
        "import { a } from './lib/a.js'; import b from \"../b.mjs\"; const c = await import('./c.js');",
        "const list = Array.from('https://example.com'); const from = 1;",
        "const rules = { eval: 1, setTimeout: 'x', write: 2 };",
    })
    void doesNotFlag(String source) {
        List<JsRules.Hit> hits = JsRules.check(JsSource.of(source));
        assertTrue(hits.isEmpty(), () -> source + " -> " + hits);
    }

    @Test
    void maskKeepsLengthLinesAndDelimiters() {
        String source = "a = 'x\\'y'; // c\nb = `t${ {k: \"v\"}.k }u`; /* m\n */ c = /r\\/e/g;";
        String code = JsSource.of(source).code();
        assertEquals(source.length(), code.length());
        assertEquals(source.chars().filter(c -> c == '\n').count(), code.chars().filter(c -> c == '\n').count());
        assertEquals("a = '    ';     \nb = ` ${ {k: \" \"}.k } `;     \n    c = /    /g;", code);
    }

    @Test
    void divisionIsNotARegex() {
        String code = JsSource.of("x = a / b; y = (c) / 2; eval(z) / 3;").code();
        assertEquals("x = a / b; y = (c) / 2; eval(z) / 3;", code);
        assertEquals(1, JsRules.check(JsSource.of("x = a / b; y = eval(z) / 2;")).size());
    }

    @Test
    void reportsEveryOccurrenceInSourceOrder() {
        String source = "el.innerHTML = a;\nfoo();\neval(b);\n";
        List<JsRules.Hit> hits = JsRules.check(JsSource.of(source));
        assertEquals(List.of("UNSAFE_VAR_ASSIGNMENT", "DANGEROUS_EVAL"), hits.stream().map(JsRules.Hit::code).toList());
        int[] lines = JsSource.lineStarts(source);
        assertEquals(1, JsSource.lineOf(lines, hits.get(0).offset()));
        assertEquals(3, JsSource.lineOf(lines, hits.get(1).offset()));
    }

    @Test
    void hostileSourcesStayLinear() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            JsRules.check(JsSource.of("a.innerHTML = (".repeat(300_000)));
            JsRules.check(JsSource.of("x.innerHTML = y\n".repeat(100_000) + "\n".repeat(1_000_000)));
            JsRules.check(JsSource.of("el.insertAdjacentHTML(".repeat(200_000)));
            JsRules.check(JsSource.of("importScripts(".repeat(300_000)));
            JsRules.check(JsSource.of("`${".repeat(500_000)));
            JsRules.check(JsSource.of("/*".repeat(500_000)));
            JsRules.check(JsSource.of("window . eval (".repeat(300_000)));
        });
    }

    @Test
    void assignmentSpanningLines() {
        assertTrue(JsRules.check(JsSource.of("el.innerHTML =\n  '<b>static</b>';\n")).isEmpty());
        assertEquals(1, JsRules.check(JsSource.of("el.innerHTML = '<b>'\n  + name;\n")).size());
    }
}
