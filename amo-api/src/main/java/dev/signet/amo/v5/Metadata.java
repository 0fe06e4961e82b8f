package dev.signet.amo.v5;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.amo.error.AmoException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the v5 request bodies' fields, refusing what AMO's serializers refuse with a DRF field error. Localized
 * fields take {@code {"en-US": "..."}}; a bare string is taken as en-US. Categories take AMO's
 * {@code {"firefox": ["other"]}} or a plain list of slugs.
 */
final class Metadata {

    static final String REQUIRED_FOR_LISTED = "This field is required for add-ons with listed versions.";
    private static final ObjectMapper TREES = new ObjectMapper();
    private static final int MAX_NAME = 50;
    private static final int MAX_SUMMARY = 250;
    private static final int MAX_TEXT = 3000;

    private Metadata() {
    }

    static ObjectNode object(JsonNode body, String field) {
        if (body == null || body.isNull()) {
            return TREES.createObjectNode();
        }
        if (!body.isObject()) {
            String got = body.isArray() ? "list" : body.isTextual() ? "str" : body.isNumber() ? "int" : "bool";
            if (field == null) {
                throw AmoException.field(400, "non_field_errors",
                        "Invalid data. Expected a dictionary, but got " + got + ".");
            }
            throw AmoException.field(400, field, "Invalid data. Expected a dictionary, but got " + got + ".");
        }
        return (ObjectNode) body;
    }

    /** A localized text as stored JSON, or empty when absent. */
    static Optional<String> localized(JsonNode body, String field, int max) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        ObjectNode out = TREES.createObjectNode();
        if (value.isTextual()) {
            out.put("en-US", check(field, value.asText(), max));
        } else if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*") || !e.getValue().isTextual()) {
                    throw AmoException.field(400, field, "Each locale must be a language code with a string value.");
                }
                out.put(e.getKey(), check(field, e.getValue().asText(), max));
            }
        } else {
            throw AmoException.field(400, field, "Expected a string or an object of locale: string.");
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out.toString());
    }

    static Optional<String> name(JsonNode body) {
        return localized(body, "name", MAX_NAME);
    }

    static Optional<String> summary(JsonNode body) {
        return localized(body, "summary", MAX_SUMMARY);
    }

    static Optional<String> releaseNotes(JsonNode version) {
        return localized(version, "release_notes", MAX_TEXT);
    }

    static Optional<String> categories(JsonNode body) {
        JsonNode value = body.get("categories");
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        JsonNode list = value.isObject() ? value.get("firefox") : value;
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw AmoException.field(400, "categories", "Give at least one category, as {\"firefox\": [\"other\"]}.");
        }
        ObjectNode out = TREES.createObjectNode();
        ArrayNode slugs = out.putArray("firefox");
        for (JsonNode slug : list) {
            if (!slug.isTextual() || !slug.asText().matches("[a-z0-9-]{1,50}")) {
                throw AmoException.field(400, "categories", "Invalid category name: " + slug + ".");
            }
            slugs.add(slug.asText());
        }
        if (slugs.size() > 3) {
            throw AmoException.field(400, "categories", "Maximum number of categories per application (3) exceeded");
        }
        return Optional.of(out.toString());
    }

    /** A license slug (not checked against a list yet: any of AMO's or an SPDX id). */
    static Optional<String> license(JsonNode version, String outer) {
        JsonNode value = version.get("license");
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() || !value.asText().matches("[A-Za-z0-9.+-]{1,100}")) {
            throw versionError(outer, "license", "License not found.");
        }
        return Optional.of(value.asText());
    }

    static Optional<String> approvalNotes(JsonNode version, String outer) {
        JsonNode value = version.get("approval_notes");
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw versionError(outer, "approval_notes", "Not a valid string.");
        }
        return Optional.of(check("approval_notes", value.asText(), MAX_TEXT));
    }

    static Optional<String> compatibility(JsonNode version, String outer) {
        JsonNode value = version.get("compatibility");
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        ObjectNode out = TREES.createObjectNode();
        if (value.isArray()) {
            for (JsonNode app : value) {
                out.putObject(app.asText());
            }
        } else if (value.isObject()) {
            out.setAll((ObjectNode) value);
        } else {
            throw versionError(outer, "compatibility", "Expected a list or an object.");
        }
        for (Iterator<String> apps = out.fieldNames(); apps.hasNext();) {
            String app = apps.next();
            if (!app.equals("firefox") && !app.equals("android")) {
                throw versionError(outer, "compatibility", "Invalid app: " + app + ".");
            }
        }
        return Optional.of(out.toString());
    }

    /** A version field's error: nested under {@code outer} in an add-on body, top-level in a version body. */
    private static AmoException versionError(String outer, String field, String message) {
        return outer == null ? AmoException.field(400, field, message)
                : AmoException.nestedField(400, outer, field, message);
    }

    private static String check(String field, String text, int max) {
        if (text.length() > max) {
            throw AmoException.field(400, field, "Ensure this field has no more than " + max + " characters.");
        }
        return text;
    }

    /** The manifest's name as a localized value, for an add-on that was given none. */
    static Optional<String> fromManifest(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        ObjectNode out = TREES.createObjectNode();
        out.put("en-US", name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name);
        return Optional.of(out.toString());
    }
}
