package dev.signet.worker.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.regex.Pattern;

/** The manifest rules of addons-linter and AMO that decide whether a version can be signed. */
public final class ManifestChecks {

    static final String FIELD_REQUIRED = "MANIFEST_FIELD_REQUIRED";
    static final String FIELD_INVALID = "MANIFEST_FIELD_INVALID";
    static final String MANIFEST_VERSION_INVALID = "MANIFEST_VERSION_INVALID";
    static final String NAME_INVALID = "PROP_NAME_INVALID";
    static final String VERSION_INVALID = "VERSION_FORMAT_INVALID";
    static final String VERSION_DEPRECATED = "VERSION_FORMAT_DEPRECATED";
    static final String ID_REQUIRED = "ADDON_ID_REQUIRED";
    static final String ID_MISSING = "MISSING_ADDON_ID";
    static final String VERSION_MISMATCH = "VERSION_MISMATCH";
    static final String ID_MISMATCH = "ADDON_ID_MISMATCH";

    private static final String FILE = ManifestParser.FILE;
    private static final int MAX_ID_LENGTH = 80;
    private static final int MAX_VERSION_LENGTH = 100;
    private static final Pattern VERSION_PART = Pattern.compile("0|[1-9][0-9]{0,8}");
    private static final Pattern TOOLKIT_VERSION = Pattern.compile("^(\\d+\\.?){1,3}\\.(\\d+([A-z]+(-?\\d+)?))$");
    private static final Pattern TOOLKIT_WITH_BUILDID = Pattern.compile("^\\d+(?:\\.\\d+){0,2}buildid\\d{8}\\.\\d{6}$");
    private static final Pattern ADDON_ID = Pattern.compile(
            "^\\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\}$"
                    + "|^[a-zA-Z0-9-._]*@[a-zA-Z0-9-._]+$");

    private ManifestChecks() {
    }

    public static void check(JsonNode manifest, ValidationTarget target, Findings findings) {
        Integer manifestVersion = manifestVersion(manifest, findings);
        name(manifest, findings);
        version(manifest, manifestVersion, target, findings);
        addonId(manifest, manifestVersion, target, findings);
    }

    private static Integer manifestVersion(JsonNode manifest, Findings findings) {
        JsonNode node = manifest.get("manifest_version");
        if (node == null) {
            required("manifest_version", findings);
            return null;
        }
        if (!node.isIntegralNumber() || node.asInt() < 2 || node.asInt() > 3) {
            findings.error(MANIFEST_VERSION_INVALID, "\"manifest_version\" in the manifest.json is not a valid value",
                    "manifest_version must be 2 or 3, found " + node + ".", FILE);
            return null;
        }
        findings.metadata("manifestVersion", node.asInt());
        return node.asInt();
    }

    private static void name(JsonNode manifest, Findings findings) {
        JsonNode node = manifest.get("name");
        if (node == null) {
            required("name", findings);
            return;
        }
        if (!node.isTextual()) {
            findings.error(FIELD_INVALID, "\"/name\" must be string.", "The name must be a string.", FILE);
            return;
        }
        String name = node.asText();
        if (!name.equals(name.strip()) || name.strip().length() < 2) {
            findings.error(NAME_INVALID, "The extension name property is invalid",
                    "The name must be at least 2 characters long, without leading or trailing whitespace.", FILE);
        }
        findings.metadata("name", name);
    }

    private static void version(JsonNode manifest, Integer manifestVersion, ValidationTarget target,
            Findings findings) {
        JsonNode node = manifest.get("version");
        if (node == null) {
            required("version", findings);
            return;
        }
        if (!node.isTextual()) {
            findings.error(FIELD_INVALID, "\"/version\" must be string.", "The version must be a string.", FILE);
            return;
        }
        String version = node.asText();
        findings.metadata("version", version);
        if (!isValidVersion(version)) {
            if (Objects.equals(manifestVersion, 2) && isToolkitVersion(version)) {
                findings.warning(VERSION_DEPRECATED, "The version string should be simplified.",
                        "Version \"" + version + "\" uses a deprecated format; use 1 to 4 dot-separated numbers.",
                        FILE);
            } else {
                findings.error(VERSION_INVALID, "The version string should be simplified.",
                        "Version \"" + version + "\" must be 1 to 4 dot-separated numbers, each 0 or without "
                                + "leading zeros and at most 9 digits.", FILE);
            }
        }
        if (target.version() != null && !target.version().equals(version)) {
            findings.error(VERSION_MISMATCH, "Version does not match the manifest.json.",
                    "The version in manifest.json (" + version + ") does not match the submitted version ("
                            + target.version() + ").", FILE);
        }
    }

    /** Firefox's version format: 1–4 dot-separated parts, each {@code 0|[1-9][0-9]{0,8}}. */
    public static boolean isValidVersion(String version) {
        if (version.isEmpty() || version.length() > MAX_VERSION_LENGTH) {
            return false;
        }
        String[] parts = version.split("\\.", -1);
        if (parts.length > 4) {
            return false;
        }
        for (String part : parts) {
            if (!VERSION_PART.matcher(part).matches()) {
                return false;
            }
        }
        return true;
    }

    static boolean isToolkitVersion(String version) {
        return TOOLKIT_VERSION.matcher(version).matches() || TOOLKIT_WITH_BUILDID.matcher(version).matches();
    }

    private static void addonId(JsonNode manifest, Integer manifestVersion, ValidationTarget target,
            Findings findings) {
        String path = "/browser_specific_settings/gecko/id";
        JsonNode node = manifest.at(path);
        if (node.isMissingNode() || node.isNull()) {
            path = "/applications/gecko/id";
            node = manifest.at(path);
        }
        if (node.isMissingNode() || node.isNull()) {
            if (Objects.equals(manifestVersion, 3)) {
                findings.error(ID_REQUIRED, "The add-on ID is required in Manifest Version 3 and above.",
                        "Set browser_specific_settings.gecko.id in manifest.json.", FILE);
            } else {
                findings.warning(ID_MISSING, "The add-on ID is missing from manifest.json.",
                        "Without browser_specific_settings.gecko.id the add-on keeps the ID it was submitted under.",
                        FILE);
            }
            return;
        }
        String id = node.isTextual() ? node.asText() : null;
        if (id == null || id.length() > MAX_ID_LENGTH || !ADDON_ID.matcher(id).matches()) {
            findings.error(FIELD_INVALID, "\"" + path + "\" is not a valid add-on ID.",
                    "An add-on ID is a {UUID} or looks like an email address (name@domain), at most "
                            + MAX_ID_LENGTH + " characters.", FILE);
            return;
        }
        findings.metadata("addonId", id);
        if (target.addonGuid() != null && !target.addonGuid().equals(id)) {
            findings.error(ID_MISMATCH, "The add-on ID in manifest.json does not match.",
                    "The add-on ID in your manifest.json (" + id + ") does not match the ID of your add-on ("
                            + target.addonGuid() + ").", FILE);
        }
    }

    private static void required(String field, Findings findings) {
        findings.error(FIELD_REQUIRED, "The field is required.", "\"/" + field + "\" is a required property.", FILE);
    }
}
