package dev.signet.worker.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A custom {@code content_security_policy} that lets code in from elsewhere, checked as addons-linter's
 * {@code validateCspPolicyString} does: in {@code default-src}, {@code script-src}, {@code script-src-elem},
 * {@code script-src-attr} and {@code worker-src}, only {@code 'self'}, {@code 'none'},
 * {@code 'wasm-unsafe-eval'} and {@code moz-extension:} sources are safe; {@code 'unsafe-eval'} gets its own
 * warning ({@code MANIFEST_CSP_UNSAFE_EVAL}), anything else {@code MANIFEST_CSP}, as does a policy without
 * {@code default-src} unless its {@code script-src} is safe. MV2's string and each entry of MV3's object
 * ({@code extension_pages}, {@code sandbox}) are checked.
 */
final class CspChecks {

    static final String MANIFEST_CSP = "MANIFEST_CSP";
    static final String MANIFEST_CSP_UNSAFE_EVAL = "MANIFEST_CSP_UNSAFE_EVAL";

    private static final List<String> CANDIDATES = List.of("default-src", "script-src", "script-src-elem",
            "script-src-attr", "worker-src");
    private static final Pattern SAFE_SOURCE = Pattern.compile("^'(self|none|wasm-unsafe-eval)'$|^moz-extension:");
    private static final String FILE = ManifestParser.FILE;

    private CspChecks() {
    }

    static void check(JsonNode manifest, Findings findings) {
        JsonNode csp = manifest.get("content_security_policy");
        if (csp == null || csp.isNull()) {
            return;
        }
        if (csp.isTextual()) {
            checkPolicy(csp.asText(), "content_security_policy", findings);
        } else if (csp.isObject()) {
            csp.fields().forEachRemaining(e -> {
                if (e.getValue().isTextual()) {
                    checkPolicy(e.getValue().asText(), "content_security_policy." + e.getKey(), findings);
                }
            });
        }
    }

    private static void checkPolicy(String policy, String property, Findings findings) {
        Map<String, List<String>> directives = parse(policy);
        boolean insecureDefault = !directives.containsKey("default-src");
        boolean warnCsp = insecureDefault;
        boolean warnEval = false;
        for (String candidate : CANDIDATES) {
            List<String> values = directives.get(candidate);
            if (values == null) {
                continue;
            }
            if (insecureDefault && candidate.equals("script-src") && values.stream().allMatch(CspChecks::isSafe)) {
                insecureDefault = false;
                warnCsp = false;
                continue;
            }
            for (String value : values) {
                if (value.equals("'unsafe-eval'")) {
                    warnEval = true;
                } else if (!isSafe(value)) {
                    warnCsp = true;
                    if (candidate.equals("default-src")) {
                        insecureDefault = true;
                    }
                }
            }
        }
        if (warnEval) {
            findings.warning(MANIFEST_CSP_UNSAFE_EVAL, "\"" + property + "\" allows 'eval', which has strong "
                    + "security and performance implications.", "In most cases the same result can be achieved "
                    + "differently, therefore it is generally prohibited", FILE);
        }
        if (warnCsp) {
            findings.warning(MANIFEST_CSP, "\"" + property + "\" allows remote code execution in manifest.json",
                    "A custom \"" + property + "\" needs additional review.", FILE);
        }
    }

    private static boolean isSafe(String value) {
        return SAFE_SOURCE.matcher(value).find();
    }

    /** CSP's parse: directives split on {@code ;}, lower-cased, the first occurrence of a name wins. */
    static Map<String, List<String>> parse(String policy) {
        Map<String, List<String>> directives = new HashMap<>();
        for (String directive : policy.toLowerCase(Locale.ROOT).split(";")) {
            String[] tokens = directive.strip().split("\\s+");
            if (!tokens[0].isEmpty()) {
                directives.putIfAbsent(tokens[0], Arrays.asList(tokens).subList(1, tokens.length));
            }
        }
        return directives;
    }
}
