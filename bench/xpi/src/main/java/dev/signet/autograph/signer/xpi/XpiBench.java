package dev.signet.autograph.signer.xpi;

import dev.signet.autograph.config.SignerEntry;
import dev.signet.autograph.keys.KeySources;
import dev.signet.autograph.keys.PemKeySource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * In-process xpi signing benchmark (no HTTP, Hawk or base64): latency of /sign/file's signer for ~1 MB and ~20 MB
 * XPIs, and throughput with the end-entity key pool warm (pre-filled) and cold (disabled: every key generated
 * inline), for an RSA-4096 and a P-384 issuer. The PKIs are generated per run and are TEST-ONLY.
 *
 * <p>Usage: {@code java -cp ... dev.signet.autograph.signer.xpi.XpiBench [--quick]}; prints Markdown tables.
 */
public final class XpiBench {

    private static final Map<String, Object> OPTIONS = Map.of("id", "bench@signet.example", "pkcs7_digest", "SHA256");
    private static final KeySources KEYS = new KeySources(List.of(new PemKeySource(
            PemKeySource.softwareProvider("BC"))));

    private XpiBench() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        int threads = 4;
        System.out.printf("# xpi bench: %d cores, Java %s, %s%n%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), quick ? "quick" : "full");
        digestSpeed();
        byte[] oneMb = xpi(1 << 20, 1);
        byte[] twentyMb = xpi(20 << 20, 2);
        System.out.printf("XPIs: %,d bytes (%d entries), %,d bytes (%d entries)%n%n", oneMb.length,
                entries(1 << 20), twentyMb.length, entries(20 << 20));

        System.out.println("| issuer | XPI | key pool | n | p50 ms | p99 ms | max ms | sequential signatures/s |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (String issuer : List.of("p384", "rsa4096")) {
            Pki pki = Pki.generate(issuer);
            boolean rsa = issuer.startsWith("rsa");
            for (var xpi : List.of(Map.entry("1 MB", oneMb), Map.entry("20 MB", twentyMb))) {
                boolean big = xpi.getKey().startsWith("20");
                int n = rsa ? (quick ? 8 : (big ? 20 : 40)) : (quick ? 20 : (big ? 60 : 300));
                if (rsa) {
                    latency(pki, issuer, xpi.getKey(), xpi.getValue(), n, n, "warm");
                    latency(pki, issuer, xpi.getKey(), xpi.getValue(), quick ? 4 : n / 2, 0, "cold (inline)");
                } else {
                    latency(pki, issuer, xpi.getKey(), xpi.getValue(), n, 0, "n/a (EC keys inline)");
                }
            }
        }
        System.out.println();
        System.out.printf("| issuer | XPI | key pool | signatures | workers | signatures/s | wall s |%n");
        System.out.println("|---|---|---|---|---|---|---|");
        for (String issuer : List.of("p384", "rsa4096")) {
            Pki pki = Pki.generate(issuer);
            if (issuer.startsWith("rsa")) {
                int burst = quick ? 16 : 64;
                throughput(pki, issuer, oneMb, burst, threads, burst, "warm (burst within the pool)");
                throughput(pki, issuer, oneMb, quick ? 8 : 24, threads, 0, "cold (inline)");
            } else {
                throughput(pki, issuer, oneMb, quick ? 100 : 600, threads, 0, "n/a (EC keys inline)");
            }
        }
    }

    /** The floor for large XPIs: every inflated byte is hashed with SHA-1 and SHA-256. */
    private static void digestSpeed() throws Exception {
        byte[] data = new byte[25 << 20];
        new Random(3).nextBytes(data);
        for (String alg : List.of("SHA-1", "SHA-256")) {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance(alg);
            for (int i = 0; i < 5; i++) {
                md.digest(data);
            }
            long t = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                md.digest(data);
            }
            System.out.printf("%s: %.0f MB/s%n", alg, 5 * 25 / ((System.nanoTime() - t) / 1e9));
        }
    }

    private static void latency(Pki pki, String issuer, String size, byte[] xpi, int n, int pool, String label)
            throws Exception {
        try (XpiSigner signer = signer(pki, pool, 1)) {
            warmUp(signer, xpi, pool);
            long[] ns = new long[n];
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                signer.signFile(xpi, OPTIONS);
                ns[i] = System.nanoTime() - t;
            }
            double wall = (System.nanoTime() - start) / 1e9;
            Arrays.sort(ns);
            System.out.printf("| %s | %s | %s | %d | %.1f | %.1f | %.1f | %.1f |%n", issuer, size, label, n,
                    pct(ns, 50), pct(ns, 99), ns[n - 1] / 1e6, n / wall);
        }
    }

    private static void throughput(Pki pki, String issuer, byte[] xpi, int count, int workers, int pool, String label)
            throws Exception {
        try (XpiSigner signer = signer(pki, pool, 1)) {
            warmUp(signer, xpi, pool);
            ExecutorService exec = Executors.newFixedThreadPool(workers);
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(exec.submit(() -> signer.signFile(xpi, OPTIONS)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            double wall = (System.nanoTime() - start) / 1e9;
            exec.shutdown();
            System.out.printf("| %s | 1 MB | %s | %d | %d | %.1f | %.1f |%n", issuer, label, count, workers,
                    count / wall, wall);
        }
    }

    /** JIT warm-up on a few signatures, then (pool > 0) waits until the pool is full again. */
    private static void warmUp(XpiSigner signer, byte[] xpi, int pool) throws Exception {
        KeyPool keys = signer.issuerKeyPool();
        waitFull(keys, pool);
        for (int i = 0; i < 3; i++) {
            signer.signFile(xpi, OPTIONS);
        }
        waitFull(keys, pool);
    }

    private static void waitFull(KeyPool keys, int pool) throws InterruptedException {
        while (keys.available() < pool) {
            Thread.sleep(50);
        }
    }

    private static double pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    private static XpiSigner signer(Pki pki, int pool, int threads) {
        SignerEntry entry = new SignerEntry("bench", "xpi", "add-on", pki.keyPem, null, pki.intermediatePem, null,
                null, null, null, null, pki.rootPem, null, null, null, null, null, null, null);
        return (XpiSigner) new XpiFactory(new XpiFactory.Defaults(pool, threads, 100_000, 2L << 30),
                Clock.systemUTC()).create(entry, KEYS);
    }

    private static int entries(int size) {
        return size / (64 << 10);
    }

    /**
     * An XPI of about {@code size} compressed bytes in 64 KiB files: half minified-JS-like text (compresses ~4x),
     * half random bytes (images: incompressible).
     */
    static byte[] xpi(int size, long seed) throws IOException {
        Random random = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("manifest.json"));
            zip.write("{\"manifest_version\":2,\"name\":\"bench\",\"version\":\"1.0\"}".getBytes());
            int files = entries(size);
            String[] words = {"function", "return", "const", "this", "await", "=>", "{", "}", "(", ")", "if", "else",
                    "document", "window", "let", "value", "null", "true", "false", "0", "1", ";", ",", "."};
            for (int i = 0; i < files; i++) {
                byte[] data = new byte[i % 2 == 0 ? 64 << 10 : 48 << 10];
                if (i % 2 == 0) {
                    random.nextBytes(data);
                    zip.putNextEntry(new ZipEntry("images/img" + i + ".png"));
                } else {
                    StringBuilder b = new StringBuilder();
                    while (b.length() < data.length * 3) {
                        b.append(words[random.nextInt(words.length)]).append(random.nextInt(3) == 0 ? "x" + random
                                .nextInt(5000) : "").append(' ');
                    }
                    data = b.toString().getBytes(StandardCharsets.US_ASCII);
                    zip.putNextEntry(new ZipEntry("js/lib" + i + ".js"));
                }
                zip.write(data);
            }
        }
        return out.toByteArray();
    }

    /** A TEST-ONLY root and intermediate, generated per run. */
    record Pki(String keyPem, String intermediatePem, String rootPem) {

        static Pki generate(String type) throws Exception {
            KeyPair rootKey = key(type);
            KeyPair interKey = key(type);
            X509Certificate root = ca("CN=bench TEST-ONLY root", rootKey, "CN=bench TEST-ONLY root", rootKey, 1);
            X509Certificate inter = ca("CN=bench TEST-ONLY intermediate", interKey, "CN=bench TEST-ONLY root",
                    rootKey, 0);
            String keyPem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                    .encodeToString(interKey.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
            return new Pki(keyPem, pem(inter), pem(root));
        }

        private static KeyPair key(String type) throws Exception {
            if (type.startsWith("rsa")) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(Integer.parseInt(type.substring(3)));
                return g.generateKeyPair();
            }
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp384r1"));
            return g.generateKeyPair();
        }

        private static X509Certificate ca(String subject, KeyPair subjectKey, String issuer, KeyPair issuerKey,
                int pathLen) throws Exception {
            Instant now = Instant.now();
            var b = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))),
                    new X500Name(subject), subjectKey.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLen))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
            String alg = issuerKey.getPrivate() instanceof ECPrivateKey ? "SHA384withECDSA" : "SHA256withRSA";
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder(alg).build(issuerKey.getPrivate())));
        }

        private static String pem(Object o) throws IOException {
            StringWriter w = new StringWriter();
            try (JcaPEMWriter p = new JcaPEMWriter(w)) {
                p.writeObject(o);
            }
            return w.toString();
        }
    }
}
