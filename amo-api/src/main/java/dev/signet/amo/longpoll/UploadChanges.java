package dev.signet.amo.longpoll;

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

    /** Announces, when the current transaction commits, that the upload's status document may have changed. */
    public static void announce(EntityManager em, UUID upload) {
        em.createNativeQuery("SELECT pg_notify('" + CHANNEL + "', ?1)").setParameter(1, upload.toString())
                .getSingleResult();
    }
}
