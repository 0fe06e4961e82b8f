package dev.signet.worker.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.model.jobs.Topics;
import dev.signet.model.jobs.UploadResult;
import dev.signet.model.requestid.RequestIds;
import dev.signet.worker.config.WorkerConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Publishes results to {@link Topics#UPLOAD_RESULTS}, keyed by upload id, and waits until they are durable. */
@ApplicationScoped
public class ResultPublisher {

    /** Longer than the producer's delivery timeout, so the producer gives up first with a precise error. */
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(90);

    private final ObjectMapper mapper;
    private final KafkaProducer<String, byte[]> producer;

    public ResultPublisher(WorkerConfig config, ObjectMapper mapper) {
        this.mapper = mapper;
        this.producer = new KafkaProducer<>(KafkaSettings.producer(config.kafka()));
    }

    /**
     * Returns once the broker has acknowledged the result on all in-sync replicas. {@code requestId} goes back
     * with it as the {@code signet-request-id} header, so amo-api records it under the upload's id.
     */
    public RecordMetadata publish(UploadResult result, String requestId) throws PublishException, InterruptedException {
        byte[] value;
        try {
            value = mapper.writeValueAsBytes(result);
        } catch (JsonProcessingException e) {
            throw new PublishException("results: cannot encode result for " + result.uploadId(), e);
        }
        try {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.UPLOAD_RESULTS, result.uploadId(), value);
            if (requestId != null) {
                record.headers().add(RequestIds.KAFKA_HEADER, RequestIds.toHeader(requestId));
            }
            return producer.send(record).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new PublishException("results: send failed for " + result.uploadId() + ": " + e.getCause(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new PublishException("results: send timed out for " + result.uploadId(), e);
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(10));
    }

    /** The result did not reach the broker; the job must not be committed. */
    public static class PublishException extends Exception {
        public PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
