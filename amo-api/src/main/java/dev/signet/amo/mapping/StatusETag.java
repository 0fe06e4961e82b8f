package dev.signet.amo.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.EntityTag;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * The entity tag of a status document: a hash of the document as serialised, so it changes whenever anything
 * in it does (the result arriving, the version appearing, another base URL) and is the same on every replica.
 */
public final class StatusETag {

    private static final int TAG_BYTES = 16;

    private StatusETag() {
    }

    public static EntityTag of(ObjectMapper json, VersionStatus status) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(status));
            return new EntityTag(Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(Arrays.copyOf(digest, TAG_BYTES)));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("status of upload " + status.pk() + ": cannot compute its ETag", e);
        }
    }
}
