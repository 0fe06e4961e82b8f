package dev.signet.amo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.amo.auth.ApiKeyService;
import dev.signet.testing.KafkaResource;
import dev.signet.testing.PostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * V4 on a database the upload race already damaged: several live uploads of one version. The migration keeps
 * the one the version points to, retires the others, then builds its index. Run inside a transaction that is
 * rolled back (PostgreSQL DDL is transactional), on the index-less schema V3 left.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class LiveUploadMigrationIT {

    @Inject
    EntityManager em;

    @Inject
    ApiKeyService keys;

    @Test
    void duplicateLiveUploadsAreRetiredKeepingTheVersionsOwn() throws Exception {
        long user = keys.createUserWithKey("migrated").userId();
        String script;
        try (InputStream in = getClass().getResourceAsStream("/db/migration/V4__one_live_upload_per_version.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        QuarkusTransaction.begin();
        try {
            em.createNativeQuery("DROP INDEX upload_one_live_per_version").executeUpdate();
            long addon = ((Number) em.createNativeQuery("INSERT INTO addon (guid, owner_id) VALUES (?1, ?2)"
                    + " RETURNING id").setParameter(1, "migrated-" + UUID.randomUUID() + "@example.com")
                    .setParameter(2, user).getSingleResult()).longValue();
            upload(addon, user, null, "2020-01-01");
            UUID versioned = upload(addon, user, true, "2020-01-02");
            upload(addon, user, true, "2020-01-03");
            upload(addon, user, false, "2020-01-04");
            em.createNativeQuery("INSERT INTO addon_version (addon_id, version, channel, upload_id)"
                    + " VALUES (?1, '1.0', 'unlisted', ?2)").setParameter(1, addon).setParameter(2, versioned)
                    .executeUpdate();
            em.createNativeQuery(script).executeUpdate();
            List<?> live = em.createNativeQuery("SELECT CAST(id AS text) FROM upload"
                    + " WHERE addon_id = ?1 AND valid IS NOT FALSE").setParameter(1, addon).getResultList();
            assertEquals(List.of(versioned.toString()), live, "only the upload the version points to is left live");
        } finally {
            QuarkusTransaction.rollback();
        }
    }

    private UUID upload(long addon, long user, Boolean valid, String day) {
        UUID id = UUID.randomUUID();
        em.createNativeQuery("INSERT INTO upload (id, addon_id, user_id, version, channel, file_name, file_key,"
                + " file_sha256, file_size, created_at, valid, guid) VALUES (?1, ?2, ?3, '1.0', 'unlisted', 'a.xpi',"
                + " 'k', 's', 1, CAST(?4 AS timestamptz), ?5, 'migration@example.com')")
                .setParameter(1, id).setParameter(2, addon).setParameter(3, user).setParameter(4, day)
                .setParameter(5, valid).executeUpdate();
        return id;
    }
}
