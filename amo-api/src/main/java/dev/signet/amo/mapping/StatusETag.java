package dev.signet.amo.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.EntityTag;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

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

    /** The entity tags of an If-None-Match header, unquoted ({@code *} stays {@code *}); empty when absent. */
    public static List<String> ifNoneMatch(String header) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        return Arrays.stream(header.split(",")).map(String::trim).filter(t -> !t.isEmpty())
                .map(t -> t.startsWith("W/") ? t.substring(2) : t)
                .map(t -> t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t)
                .toList();
    }

    /** Weak comparison, as If-None-Match uses: the document is unchanged for a client holding any of these. */
    public static boolean matchesAny(EntityTag tag, List<String> clientTags) {
        return clientTags.contains("*") || clientTags.contains(tag.getValue());
    }
}
