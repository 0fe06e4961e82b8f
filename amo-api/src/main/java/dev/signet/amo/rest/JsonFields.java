package dev.signet.amo.rest;

import dev.signet.amo.error.AmoException;
import java.util.Map;

/** Fields of a JSON object body bound as a map: a value of the wrong JSON type is a field error, never a 500. */
public final class JsonFields {

    private JsonFields() {
    }

    /** The string at {@code field}, null when absent. */
    public static String text(Map<String, Object> body, String field) {
        Object value = body == null ? null : body.get(field);
        if (value != null && !(value instanceof String)) {
            throw AmoException.field(400, field, "Not a valid string.");
        }
        return (String) value;
    }
}
