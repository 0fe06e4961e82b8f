package dev.signet.autograph.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.autograph.rest.ApiException;
import dev.signet.autograph.signer.DataSigner;
import dev.signet.autograph.signer.FileSigner;
import dev.signet.autograph.signer.Signer;
import dev.signet.autograph.signer.SignerException;
import dev.signet.autograph.signer.TestFileProvider;
import dev.signet.model.signer.SignatureResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MonitorServiceTest {

    record Data(String id, AtomicInteger calls, boolean fail) implements DataSigner {
        public String type() {
            return "fake";
        }

        public String mode() {
            return "m";
        }

        public String publicKey() {
            return "";
        }

        public String signData(byte[] input, Map<String, Object> options) throws SignerException {
            calls.incrementAndGet();
            if (fail) {
                throw SignerException.failure("key handle gone", null);
            }
            return new String(input, StandardCharsets.US_ASCII);
        }
    }

    record Apk(String id) implements FileSigner, TestFileProvider {
        public String type() {
            return "apk";
        }

        public String mode() {
            return "";
        }

        public String publicKey() {
            return "";
        }

        public byte[] testFile() {
            return "tiny.apk".getBytes(StandardCharsets.US_ASCII);
        }

        public byte[] signFile(byte[] file, Map<String, Object> options) {
            return ("signed " + new String(file, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
        }
    }

    static MonitorService monitor(Collection<Signer> signers, Duration interval) {
        return new MonitorService(() -> signers, interval, Duration.ofSeconds(10), Duration.ofSeconds(2));
    }

    @Test
    void signsAtStartupAndAnswersFromTheCache() {
        AtomicInteger calls = new AtomicInteger();
        MonitorService m = monitor(List.of(new Data("a", calls, false), new Apk("apk")), Duration.ofMinutes(5));
        m.start();
        try {
            List<SignatureResponse> first = m.responses("localhost");
            List<SignatureResponse> second = m.responses("localhost");
            assertEquals(1, calls.get(), "one pass at startup, none per request");
            assertEquals("AUTOGRAPH MONITORING", first.get(0).signature());
            assertEquals("signed tiny.apk", new String(first.get(1).signedFile(),
                    StandardCharsets.US_ASCII));
            assertEquals(first.get(0).ref(), second.get(0).ref());
            assertEquals(List.of(), m.failingSigners());
            assertEquals(1, calls.get(), "the heartbeat reuses a recent pass");
        } finally {
            m.stop();
        }
    }

    @Test
    void resignsEveryInterval() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        MonitorService m = monitor(List.of(new Data("a", calls, false)), Duration.ofMillis(50));
        m.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (calls.get() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(calls.get() >= 3, "passes: " + calls.get());
        } finally {
            m.stop();
        }
    }

    @Test
    void anySignerErrorIs500ListingAllErrorsAndFailsTheHeartbeat() {
        List<Signer> signers = List.of(new Data("ok", new AtomicInteger(), false),
                new Data("broken1", new AtomicInteger(), true), new Data("broken2", new AtomicInteger(), true));
        MonitorService m = monitor(signers, Duration.ofMinutes(5));
        m.start();
        try {
            ApiException e = assertThrows(ApiException.class, () -> m.responses("h"));
            assertEquals(500, e.status());
            assertEquals("Errors encountered during signing: 1. signer broken1: key handle gone"
                    + " 2. signer broken2: key handle gone", e.getMessage());
            assertEquals(List.of("broken1", "broken2"), m.failingSigners());
        } finally {
            m.stop();
        }
    }

    @Test
    void aRequestWaitsForTheFirstPass() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Signer> signers = new ArrayList<>();
        signers.add(new DataSigner() {
            public String id() {
                return "slow";
            }

            public String type() {
                return "fake";
            }

            public String mode() {
                return "";
            }

            public String publicKey() {
                return "";
            }

            public String signData(byte[] input, Map<String, Object> options) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "late";
            }
        });
        MonitorService m = monitor(signers, Duration.ofMinutes(5));
        m.start();
        try {
            Thread releaser = new Thread(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ignored) {
                    // test ends
                }
                release.countDown();
            });
            releaser.start();
            long start = System.nanoTime();
            assertEquals("late", m.responses("h").get(0).signature());
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(150));
        } finally {
            m.stop();
        }
    }

    @Test
    void aHungSignerFailsTheHeartbeatWithinItsTimeout() {
        CountDownLatch never = new CountDownLatch(1);
        List<Signer> signers = List.of(new DataSigner() {
            public String id() {
                return "hung";
            }

            public String type() {
                return "fake";
            }

            public String mode() {
                return "";
            }

            public String publicKey() {
                return "";
            }

            public String signData(byte[] input, Map<String, Object> options) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "x";
            }
        });
        MonitorService m = new MonitorService(() -> signers, Duration.ofMinutes(5), Duration.ofSeconds(10),
                Duration.ofMillis(200));
        try {
            assertEquals(List.of("<timeout>"), m.failingSigners());
        } finally {
            m.stop();
            never.countDown();
        }
    }
}
