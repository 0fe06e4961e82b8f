package dev.signet.model.signer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Map;

/**
 * One item of an Autograph signing response. {@code ref, type, mode, signer_id, public_key} are always present
 * (possibly empty), the rest only when set — as Autograph renders them. {@code signed_file} is base64 on the
 * wire, see {@link Base64Field}.
 */
public record SignatureResponse(
        String ref,
        String type,
        String mode,
        @JsonProperty("signer_id") String signerId,
        @JsonProperty("public_key") String publicKey,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String signature,
        @JsonProperty("signed_file") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        @JsonSerialize(using = Base64Field.Writer.class) @JsonDeserialize(using = Base64Field.Reader.class)
        byte[] signedFile,
        @JsonProperty("signed_files") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<NamedFile> signedFiles,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String x5u,
        @JsonProperty("signer_opts") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> signerOpts) {
}
