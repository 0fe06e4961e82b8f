package dev.signet.autograph.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Collection;
import java.util.Map;

/**
 * Jackson's parse errors in plain words: where in the body, and what kind of JSON value was expected. Jackson's
 * own messages name Java types ("Cannot deserialize value of type `java.util.ArrayList<...>`"), which tell a
 * client nothing and show the implementation.
 */
final class JsonMessages {

    private JsonMessages() {
    }

    static String plain(JsonProcessingException e) {
        if (e instanceof MismatchedInputException m) {
            String where = where(m);
            String expected = expected(m.getTargetType());
            return (where.isEmpty() ? "" : where + ": ") + (expected == null ? "unexpected value" : "expected "
                    + expected);
        }
        String message = e.getOriginalMessage() == null ? "invalid JSON" : e.getOriginalMessage();
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        // Anything Jackson quotes in backticks is a Java type or member name.
        return message.replaceAll("`[^`]*`", "value").replaceAll("\\b(java|com|dev|jakarta)\\.[\\w.$]+", "value");
    }

    /** "signature request 1: options" for the path [1, "options"]; "" at the top level. */
    static String where(JsonMappingException e) {
        StringBuilder where = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0 && where.isEmpty()) {
                where.append("signature request ").append(ref.getIndex());
            } else if (ref.getFieldName() != null) {
                where.append(where.isEmpty() ? "" : ": ").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                where.append(where.isEmpty() ? "" : ": ").append("item ").append(ref.getIndex());
            }
        }
        return where.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return null;
        }
        if (type == byte[].class) {
            return "a base64 string";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        return null;
    }
}
