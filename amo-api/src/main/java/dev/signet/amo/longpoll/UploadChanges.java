package dev.signet.amo.longpoll;

import dev.signet.amo.Upload;
import jakarta.persistence.EntityManager;
import java.util.UUID;

/**
 * The PostgreSQL channel on which a changed upload is announced. The notice is sent inside the transaction that
 * changes the upload, so PostgreSQL delivers it only on commit, to every replica's listener: a long-polling client
 * is woken by whichever replica applied the change.
 */
public final class UploadChanges {

    static final String CHANNEL = "signet_upload_changed";

    private UploadChanges() {
    }

    /**
     * Announces, when the current transaction commits, that the upload's status document may have changed, and
     * with it the document of its version's latest upload (a new upload is announced too). The payload is
     * {@code <upload id> TAB <add-on guid> TAB <version>}: neither a guid nor a version can hold a tab
     * (AddonRules), and both stay far below NOTIFY's 8,000 bytes.
     */
    public static void announce(EntityManager em, Upload upload) {
        // An upload not yet attached to an add-on (v5 uploads before their add-on exists) is in no cached document.
        String guid = upload.addon == null ? "" : upload.addon.guid;
        em.createNativeQuery("SELECT pg_notify('" + CHANNEL + "', ?1)")
                .setParameter(1, upload.id + "\t" + guid + "\t" + (upload.version == null ? "" : upload.version))
                .getSingleResult();
    }

    /**
     * An announcement's parts; {@code guid} and {@code version} are null in an older replica's bare-id form, and
     * {@code guid} is empty for an upload of no add-on yet.
     */
    record Notice(UUID upload, String guid, String version) {

        static Notice parse(String payload) {
            String[] parts = payload.split("\t", 3);
            UUID upload = UUID.fromString(parts[0]);
            return parts.length == 3 ? new Notice(upload, parts[1], parts[2]) : new Notice(upload, null, null);
        }
    }
}
