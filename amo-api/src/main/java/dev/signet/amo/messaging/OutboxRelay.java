package dev.signet.amo.messaging;

import dev.signet.amo.config.AmoConfig;
import dev.signet.model.requestid.RequestIds;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Moves committed outbox rows to Kafka. Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so several
 * amo-api replicas can relay side by side; a row is marked published only after the broker acknowledged it
 * (acks=all), so a crash can repeat a message but never lose one.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final EntityManager em;
    private final KafkaClients kafka;
    private final AmoConfig config;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private volatile Instant lastSuccess;
    private Thread thread;
    private KafkaProducer<String, String> producer;

    public OutboxRelay(EntityManager em, KafkaClients kafka, AmoConfig config) {
        this.em = em;
        this.kafka = kafka;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        if (!config.outbox().relayEnabled()) {
            LOG.info("outbox relay disabled on this replica (amo.outbox.relay-enabled=false)");
            return;
        }
        producer = kafka.producer();
        running = true;
        thread = new Thread(this::loop, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (thread == null) {
            return;
        }
        running = false;
        wake.release();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close();
    }

    /** Called after an upload committed, so its job goes out now rather than at the next poll. */
    public void wakeUp() {
        wake.release();
    }

    /** When the relay last completed a pass without error (health). */
    public Instant lastSuccess() {
        return lastSuccess;
    }

    private void loop() {
        while (running) {
            try {
                int sent;
                do {
                    sent = QuarkusTransaction.requiringNew().call(this::relayBatch);
                } while (sent == config.outbox().batchSize() && running);
                lastSuccess = Instant.now();
            } catch (RuntimeException e) {
                LOG.warnf("outbox relay: %s (will retry)", e.getMessage());
            }
            try {
                wake.tryAcquire(config.outbox().pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private int relayBatch() throws Exception {
        List<Object[]> rows = em.createNativeQuery("SELECT id, topic, message_key, payload, request_id FROM outbox"
                + " WHERE published_at IS NULL ORDER BY id LIMIT ?1 FOR UPDATE SKIP LOCKED")
                .setParameter(1, config.outbox().batchSize()).getResultList();
        if (rows.isEmpty()) {
            return 0;
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            ProducerRecord<String, String> record = new ProducerRecord<>((String) row[1], (String) row[2],
                    (String) row[3]);
            if (row[4] != null) {
                record.headers().add(RequestIds.KAFKA_HEADER, RequestIds.toHeader((String) row[4]));
            }
            acks.add(producer.send(record));
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get(30, TimeUnit.SECONDS);
        }
        List<Long> ids = rows.stream().map(r -> ((Number) r[0]).longValue()).toList();
        em.createNativeQuery("UPDATE outbox SET published_at = now() WHERE id = ANY(?1)")
                .setParameter(1, ids.toArray(new Long[0])).executeUpdate();
        return rows.size();
    }
}
