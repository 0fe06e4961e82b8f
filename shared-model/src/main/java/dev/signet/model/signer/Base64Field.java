package dev.signet.model.signer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * How a {@code byte[]} of the signing API is written on the wire: a JSON string of standard, padded base64
 * (what Autograph's Go {@code base64.StdEncoding} reads and writes). These two classes only move the encoding
 * to {@link java.util.Base64}, whose loops the JVM compiles to vector code, and write and read the string
 * without building a {@link String} of a whole file: with Jackson's own base64 (or a String field), encoding
 * and copying a signed XPI cost more than signing it.
 */
public final class Base64Field {

    private Base64Field() {
    }

    /** Writes base64 straight into the output buffer; base64 characters never need JSON escaping. */
    public static final class Writer extends StdSerializer<byte[]> {
        public Writer() {
            super(byte[].class);
        }

        @Override
        public void serialize(byte[] value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            byte[] encoded = Base64.getEncoder().encode(value);
            if (gen instanceof UTF8JsonGenerator) {
                gen.writeRawUTF8String(encoded, 0, encoded.length);
            } else { // a character-based generator (writeValueAsString): no raw bytes there
                gen.writeString(new String(encoded, StandardCharsets.ISO_8859_1));
            }
        }

        @Override
        public boolean isEmpty(SerializerProvider provider, byte[] value) {
            return value == null || value.length == 0;
        }
    }

    /**
     * Decodes the string token from the parser's character buffer. Anything that is not strict base64 is an
     * {@link InvalidFormatException} whose target type is {@code byte[]}: the services map it to their own 400.
     */
    public static final class Reader extends StdDeserializer<byte[]> {
        public Reader() {
            super(byte[].class);
        }

        @Override
        public byte[] deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (byte[]) ctxt.handleUnexpectedToken(byte[].class, p);
            }
            char[] chars = p.getTextCharacters();
            int offset = p.getTextOffset();
            int length = p.getTextLength();
            byte[] ascii = new byte[length];
            for (int i = 0; i < length; i++) {
                char c = chars[offset + i];
                if (c > 0x7f) {
                    throw InvalidFormatException.from(p, "illegal base64 character at index " + i, "(base64)",
                            byte[].class);
                }
                ascii[i] = (byte) c;
            }
            try {
                return Base64.getDecoder().decode(ascii);
            } catch (IllegalArgumentException e) {
                throw InvalidFormatException.from(p, e.getMessage(), "(base64)", byte[].class);
            }
        }
    }
}
