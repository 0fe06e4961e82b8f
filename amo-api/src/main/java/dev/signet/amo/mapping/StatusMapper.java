package dev.signet.amo.mapping;

import dev.signet.amo.AddonVersion;
import dev.signet.amo.ReviewState;
import dev.signet.amo.Upload;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** Builds the status document; every URL in it is absolute. */
public final class StatusMapper {

    private StatusMapper() {
    }

    /** {@code validationToken}: the capability for the upload's HTML validation page (ValidationPageToken). */
    public static VersionStatus toStatus(Upload upload, Optional<AddonVersion> version, String baseUrl,
            String apiVersion, String validationToken) {
        return toStatus(UploadState.of(upload, version), baseUrl, apiVersion, validationToken);
    }

    public static VersionStatus toStatus(UploadState upload, String baseUrl, String apiVersion,
            String validationToken) {
        String guid = upload.guid();
        String pk = upload.pk();
        boolean unlisted = upload.channel().equals("unlisted");
        // Unlisted versions are reviewed by automation: signing them is their approval. Listed ones by a person.
        boolean reviewed;
        boolean passed;
        if (unlisted) {
            reviewed = upload.versionId().isPresent() && upload.signed();
            passed = reviewed;
        } else {
            reviewed = upload.versionId().isPresent() && (ReviewState.APPROVED.equals(upload.reviewStatus())
                    || ReviewState.REJECTED.equals(upload.reviewStatus()));
            passed = reviewed && ReviewState.APPROVED.equals(upload.reviewStatus());
        }
        boolean active = passed && upload.signed();
        List<VersionStatus.FileInfo> files = upload.versionId().isPresent() && upload.signed()
                ? List.of(new VersionStatus.FileInfo(
                        baseUrl + "/api/" + apiVersion + "/file/" + upload.versionId().get() + "/"
                                + fileName(guid, upload.version()),
                        "sha256:" + upload.signedSha256(), true))
                : List.of();
        return new VersionStatus(guid, active, unlisted,
                baseUrl + "/api/" + apiVersion + "/addons/" + encode(guid) + "/versions/" + encode(upload.version())
                        + "/uploads/" + pk + "/",
                files, passed, pk, upload.processed(), reviewed,
                upload.valid(), upload.validation(),
                baseUrl + "/developers/upload/" + pk + "/" + validationToken, upload.version(),
                reviewed ? upload.reviewComment() : null);
    }

    /** AMO's {@code /developers/upload/<pk>} page, plus the token that lets a browser open it without a JWT. */
    public static String validationUrl(String baseUrl, Upload upload, String validationToken) {
        return baseUrl + "/developers/upload/" + upload.id.toString().replace("-", "") + "/" + validationToken;
    }

    /** A file name that is safe in a URL path and ends in .xpi, as AMO's pretty file names do. */
    public static String fileName(Upload upload) {
        return fileName(upload.guid, upload.version);
    }

    private static String fileName(String guid, String version) {
        return guid.replaceAll("[^A-Za-z0-9._-]+", "_") + "-" + version.replaceAll("[^A-Za-z0-9._-]+", "_") + ".xpi";
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
