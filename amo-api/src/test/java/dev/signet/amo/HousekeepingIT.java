package dev.signet.amo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.amo.service.Housekeeping;
import dev.signet.testing.KafkaResource;
import dev.signet.testing.PostgresResource;
import dev.signet.testing.TestInfra;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** Housekeeping deletes exactly what has expired and keeps everything still needed. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class HousekeepingIT {

    /** A topic nobody reads, so the relay publishing the pending row (published_at = now) harms nothing. */
    private static final String TOPIC = "signet.test-housekeeping";

    @Inject
    Housekeeping housekeeping;

    @Inject
    EntityManager em;

    @Test
    void deletesOnlyExpiredRows() throws Exception {
        createTopic(TOPIC);
        Instant now = Instant.now();
        String tag = UUID.randomUUID().toString();
        QuarkusTransaction.requiringNew().run(() -> {
            window(tag + "-old", now.minusSeconds(120), now.minusSeconds(60));
            window(tag + "-current", now.minusSeconds(30), now.plusSeconds(30));
            jti(tag + "-expired", now.minusSeconds(1));
            jti(tag + "-live", now.plusSeconds(200));
            outbox(tag + "-relayed-long-ago", now.minus(Duration.ofDays(8)));
            outbox(tag + "-relayed-recently", now.minus(Duration.ofDays(1)));
            outbox(tag + "-pending", null);
        });

        housekeeping.run(now);

        QuarkusTransaction.requiringNew().run(() -> {
            assertEquals(0, count("throttle_window", "subject", tag + "-old"));
            assertEquals(1, count("throttle_window", "subject", tag + "-current"));
            assertEquals(0, count("jwt_replay", "jti", tag + "-expired"));
            assertEquals(1, count("jwt_replay", "jti", tag + "-live"));
            assertEquals(0, count("outbox", "message_key", tag + "-relayed-long-ago"));
            assertEquals(1, count("outbox", "message_key", tag + "-relayed-recently"));
            assertEquals(1, count("outbox", "message_key", tag + "-pending"), "a message relayed just now is kept");
        });
    }

    private void window(String subject, Instant start, Instant end) {
        em.createNativeQuery("INSERT INTO throttle_window (scope, subject, window_start, window_end, hits)"
                + " VALUES ('test', ?1, ?2, ?3, 1)").setParameter(1, subject).setParameter(2, start)
                .setParameter(3, end).executeUpdate();
    }

    private void jti(String jti, Instant expires) {
        em.createNativeQuery("INSERT INTO jwt_replay (jwt_issuer, jti, expires_at) VALUES ('user:0:0', ?1, ?2)")
                .setParameter(1, jti).setParameter(2, expires).executeUpdate();
    }

    private void outbox(String key, Instant publishedAt) {
        if (publishedAt == null) {
            em.createNativeQuery("INSERT INTO outbox (topic, message_key, payload)"
                    + " VALUES ('" + TOPIC + "', ?1, '{}')").setParameter(1, key).executeUpdate();
        } else {
            em.createNativeQuery("INSERT INTO outbox (topic, message_key, payload, published_at)"
                    + " VALUES ('" + TOPIC + "', ?1, '{}', ?2)").setParameter(1, key)
                    .setParameter(2, publishedAt).executeUpdate();
        }
    }

    private static void createTopic(String name) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", TestInfra.kafka().bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(name)) {
                admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private long count(String table, String column, String value) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM " + table + " WHERE " + column + " = ?1")
                .setParameter(1, value).getSingleResult()).longValue();
    }
}
