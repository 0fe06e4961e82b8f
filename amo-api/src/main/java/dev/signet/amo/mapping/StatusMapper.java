package dev.signet.amo.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.amo.AddonVersion;
import dev.signet.amo.Upload;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** Builds the status document; every URL in it is absolute. */
public final class StatusMapper {

    private static final ObjectMapper TREES = new ObjectMapper();

    private StatusMapper() {
    }

    /** {@code validationToken}: the capability for the upload's HTML validation page (ValidationPageToken). */
    public static VersionStatus toStatus(Upload upload, Optional<AddonVersion> version, String baseUrl,
            String apiVersion, String validationToken) {
        String guid = upload.addon.guid;
        String pk = upload.id.toString().replace("-", "");
        boolean signed = upload.signedFileKey != null;
        boolean unlisted = upload.channel.equals("unlisted");
        // Unlisted versions are reviewed by automation: signing them is their approval.
        boolean reviewed = version.isPresent() && unlisted && signed;
        boolean active = reviewed;
        List<VersionStatus.FileInfo> files = version.isPresent() && signed
                ? List.of(new VersionStatus.FileInfo(
                        baseUrl + "/api/" + apiVersion + "/file/" + version.get().id + "/" + fileName(upload),
                        "sha256:" + upload.signedSha256, true))
                : List.of();
        return new VersionStatus(guid, active, unlisted,
                baseUrl + "/api/" + apiVersion + "/addons/" + encode(guid) + "/versions/" + encode(upload.version)
                        + "/uploads/" + pk + "/",
                files, reviewed && active, pk, upload.processed(), reviewed,
                Boolean.TRUE.equals(upload.valid), validation(upload),
                validationUrl(baseUrl, upload, validationToken), upload.version);
    }

    /** AMO's {@code /developers/upload/<pk>} page, plus the token that lets a browser open it without a JWT. */
    public static String validationUrl(String baseUrl, Upload upload, String validationToken) {
        return baseUrl + "/developers/upload/" + upload.id.toString().replace("-", "") + "/" + validationToken;
    }

    private static JsonNode validation(Upload upload) {
        if (upload.validation == null) {
            return null;
        }
        try {
            return TREES.readTree(upload.validation);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored validation of upload " + upload.id + " is not JSON", e);
        }
    }

    /** A file name that is safe in a URL path and ends in .xpi, as AMO's pretty file names do. */
    public static String fileName(Upload upload) {
        String slug = upload.addon.guid.replaceAll("[^A-Za-z0-9._-]+", "_");
        return slug + "-" + upload.version.replaceAll("[^A-Za-z0-9._-]+", "_") + ".xpi";
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
