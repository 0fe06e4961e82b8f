package dev.signet.worker.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.signet.jsonbase64.Base64JsonString;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a {@code /sign/file} response ({@code [{"ref":..,"signer_id":..,"signed_file":"<base64>",..}]}) from
 * a file with Jackson's streaming parser, decoding {@code signed_file} straight into {@code signedFile} with the
 * JDK's block codec ({@link Base64JsonString}): the signed XPI is never in memory, neither as base64 nor as bytes.
 */
final class XpiSignResponse {

    private XpiSignResponse() {
    }

    /** The signer id and ref of the single item; the signed XPI is in {@code signedFile}. */
    record Item(String ref, String signerId, long signedSize) {
    }

    static Item read(JsonFactory json, Path response, Path signedFile) throws IOException {
        try (JsonParser parser = json.createParser(response.toFile())) {
            expect(parser.nextToken(), JsonToken.START_ARRAY, "an array");
            expect(parser.nextToken(), JsonToken.START_OBJECT, "one object");
            Item item = readItem(parser, response, signedFile);
            if (parser.nextToken() != JsonToken.END_ARRAY) {
                throw new IOException("expected exactly 1 item");
            }
            if (parser.nextToken() != null) {
                throw new IOException("trailing content after the array");
            }
            return item;
        }
    }

    private static Item readItem(JsonParser parser, Path response, Path signedFile) throws IOException {
        String ref = null;
        String signerId = null;
        long signedSize = -1;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "ref" -> ref = parser.getValueAsString();
                case "signer_id" -> signerId = parser.getValueAsString();
                case "signed_file" -> {
                    expect(value, JsonToken.VALUE_STRING, "signed_file as a base64 string");
                    // Decoded from the file where the string starts; the parser then skips it without decoding.
                    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(signedFile))) {
                        signedSize = Base64JsonString.decode(response,
                                parser.currentTokenLocation().getByteOffset(), out);
                    }
                }
                default -> parser.skipChildren();
            }
        }
        if (signedSize <= 0) {
            throw new IOException("no signed_file in the response");
        }
        return new Item(ref, signerId == null ? "" : signerId, signedSize);
    }

    private static void expect(JsonToken actual, JsonToken expected, String what) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + what + ", got " + actual);
        }
    }
}
