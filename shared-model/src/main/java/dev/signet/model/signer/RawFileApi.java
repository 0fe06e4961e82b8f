package dev.signet.model.signer;

/**
 * Signet's extension of the Autograph API for one file without base64: {@code POST /sign/file/raw?keyid=K&options=
 * <JSON object>} with the file itself as the body ({@code application/octet-stream}), Hawk-authenticated as
 * {@code /sign/file} is (the MAC covers the query, the payload hash the raw body). The answer is 201 with the
 * signed file as its body and the fields of the {@code /sign/file} item in headers. Autograph's JSON form makes a
 * 1 MB add-on cost four base64 passes between worker and signer; this form costs none. {@code /sign/file} stays
 * as it is for Autograph's own clients.
 */
public final class RawFileApi {

    public static final String PATH = "/sign/file/raw";
    public static final String CONTENT_TYPE = "application/octet-stream";
    public static final String KEYID_PARAM = "keyid";
    public static final String OPTIONS_PARAM = "options";
    public static final String REF = "Signet-Ref";
    public static final String TYPE = "Signet-Type";
    public static final String MODE = "Signet-Mode";
    public static final String SIGNER_ID = "Signet-Signer-Id";
    public static final String X5U = "Signet-X5u";

    private RawFileApi() {
    }
}
