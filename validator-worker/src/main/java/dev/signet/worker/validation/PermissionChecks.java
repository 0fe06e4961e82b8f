package dev.signet.worker.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Permissions worth a reviewer's look. addons-linter has no code for these (it only checks that permissions
 * exist), so the codes are Signet's own: access to every site ({@code BROAD_HOST_PERMISSION}: a warning when
 * required, a notice when optional, since the user then grants it at run time) and APIs with power over the
 * browser or the user's data ({@code SENSITIVE_PERMISSION}, a notice). Neither stops signing.
 */
final class PermissionChecks {

    static final String BROAD_HOST = "BROAD_HOST_PERMISSION";
    static final String SENSITIVE = "SENSITIVE_PERMISSION";

    static final Set<String> SENSITIVE_PERMISSIONS = Set.of("nativeMessaging", "debugger", "proxy",
            "webRequestBlocking", "management", "privacy", "browsingData", "history", "cookies", "downloads");
    /** A match pattern whose host is {@code *}: any scheme's every host. */
    private static final Pattern ALL_HOSTS = Pattern.compile("^(?:\\*|[a-zA-Z][a-zA-Z0-9+.-]*)://\\*(?:/.*)?$");
    private static final String FILE = ManifestParser.FILE;

    private PermissionChecks() {
    }

    static void check(JsonNode manifest, Findings findings) {
        List<String> permissions = strings(manifest.get("permissions"));
        List<String> optional = strings(manifest.get("optional_permissions"));
        List<String> hosts = strings(manifest.get("host_permissions"));
        List<String> optionalHosts = strings(manifest.get("optional_host_permissions"));
        findings.metadata("permissions", permissions);
        findings.metadata("optionalPermissions", optional);
        findings.metadata("hostPermissions", hosts);

        broad("permissions", permissions, MessageType.WARNING, findings);
        broad("host_permissions", hosts, MessageType.WARNING, findings);
        broad("optional_permissions", optional, MessageType.NOTICE, findings);
        broad("optional_host_permissions", optionalHosts, MessageType.NOTICE, findings);
        JsonNode contentScripts = manifest.get("content_scripts");
        if (contentScripts != null && contentScripts.isArray()) {
            Set<String> matches = new LinkedHashSet<>();
            contentScripts.forEach(script -> matches.addAll(strings(script.get("matches"))));
            broad("content_scripts.matches", List.copyOf(matches), MessageType.WARNING, findings);
        }
        sensitive("permissions", permissions, findings);
        sensitive("optional_permissions", optional, findings);
    }

    static boolean isBroadHost(String permission) {
        return permission.equals("<all_urls>") || ALL_HOSTS.matcher(permission).matches();
    }

    private static void broad(String field, List<String> values, MessageType type, Findings findings) {
        for (String value : new LinkedHashSet<>(values)) {
            if (isBroadHost(value)) {
                findings.add(type, List.of(BROAD_HOST), "\"" + value + "\" in " + field + " gives access to all "
                        + "websites", "The add-on can read and change data on every site the user visits. Ask only "
                        + "for the hosts the add-on needs (or request them at run time as optional permissions).",
                        FILE, null, null);
            }
        }
    }

    private static void sensitive(String field, List<String> values, Findings findings) {
        for (String value : new LinkedHashSet<>(values)) {
            if (SENSITIVE_PERMISSIONS.contains(value)) {
                findings.notice(SENSITIVE, "The \"" + value + "\" permission in " + field + " is sensitive",
                        "This permission gives the add-on control over the browser or access to the user's "
                                + "private data; make sure the add-on needs it.", FILE);
            }
        }
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(v -> {
                if (v.isTextual()) {
                    values.add(v.asText());
                }
            });
        }
        return List.copyOf(values);
    }
}
