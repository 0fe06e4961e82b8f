package dev.signet.model.signer;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** One item of an Autograph signing request body (the body is a JSON array of these). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SignatureRequest(String input, String keyid, Map<String, Object> options, List<NamedFile> files) {
}
