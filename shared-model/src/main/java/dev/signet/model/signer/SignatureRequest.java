package dev.signet.model.signer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Map;

/**
 * One item of an Autograph signing request body (the body is a JSON array of these). {@code input} is base64
 * (standard alphabet, padded) on the wire, see {@link Base64Field}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SignatureRequest(
        @JsonSerialize(using = Base64Field.Writer.class) @JsonDeserialize(using = Base64Field.Reader.class)
        byte[] input, String keyid, Map<String, Object> options, List<NamedFile> files) {
}
