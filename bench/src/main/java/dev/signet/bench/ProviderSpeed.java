package dev.signet.bench;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Signing speed per JCA provider, done as the signer does it, on 1 and 2 threads:
 * {@code java -cp $(cat bench/target/classpath.txt):bench/target/classes dev.signet.bench.ProviderSpeed 5 [ec|rsa]}.
 * {@code ec} (default): P-384 content signatures (SHA-384 of the templated input, then NONEwithECDSA).
 * {@code rsa}: RSA-2048 genericrsa, PSS (SHA-256, salt 32) and PKCS#1 v1.5, over the data in the provider (the
 * {@code /sign/data} path) or over a digest (the {@code /sign/hash} path, and {@code /sign/data} before 2026-12-02).
 */
public final class ProviderSpeed {

    /** One signature of a 1 KB input, made from a fresh per-thread setup. */
    @FunctionalInterface
    private interface Operation {
        void sign(byte[] input) throws Exception;
    }

    @FunctionalInterface
    private interface Setup {
        Operation create() throws Exception;
    }

    private static final PSSParameterSpec PSS = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32,
            1);

    private ProviderSpeed() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        boolean rsa = args.length > 1 && args[1].equals("rsa");
        Provider accp = com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE;
        Provider bc = new org.bouncycastle.jce.provider.BouncyCastleProvider();
        if (rsa) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            KeyPair kp = g.generateKeyPair();
            report("ACCP RSASSA-PSS over the data", data(kp, "RSASSA-PSS", accp), seconds);
            report("BC RAWRSASSA-PSS over the digest", digest(kp, "RAWRSASSA-PSS", bc), seconds);
            report("JDK RSASSA-PSS over the data", data(kp, "RSASSA-PSS", null), seconds);
            report("ACCP SHA256withRSA over the data", data(kp, "SHA256withRSA", accp), seconds);
            report("JDK NONEwithRSA over a DigestInfo", digest(kp, "NONEwithRSA", null), seconds);
            return;
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", "SunEC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair kp = g.generateKeyPair();
        for (Provider p : new Provider[] {accp, bc, null}) {
            report((p == null ? "SunEC (JDK)" : p.getName() + " " + p.getVersionStr()) + " P-384",
                    digest(kp, "NONEwithECDSA", p), seconds);
        }
    }

    private static Setup data(KeyPair kp, String algorithm, Provider p) {
        return () -> {
            Signature s = signature(kp, algorithm, p);
            return input -> {
                s.update(input);
                s.sign();
            };
        };
    }

    /** Hashes first (SHA-384 for ECDSA, else SHA-256); NONEwithRSA gets a DigestInfo-sized input, as PKCS#1 does. */
    private static Setup digest(KeyPair kp, String algorithm, Provider p) {
        String hash = algorithm.endsWith("ECDSA") ? "SHA-384" : "SHA-256";
        int prefix = algorithm.equals("NONEwithRSA") ? 19 : 0;
        return () -> {
            Signature s = signature(kp, algorithm, p);
            return input -> {
                byte[] d = MessageDigest.getInstance(hash).digest(input);
                if (prefix > 0) {
                    byte[] info = new byte[prefix + d.length];
                    System.arraycopy(d, 0, info, prefix, d.length);
                    d = info;
                }
                s.update(d);
                s.sign();
            };
        };
    }

    private static Signature signature(KeyPair kp, String algorithm, Provider p) throws Exception {
        Signature s = p == null ? Signature.getInstance(algorithm) : Signature.getInstance(algorithm, p);
        if (algorithm.contains("PSS")) {
            s.setParameter(PSS);
        }
        s.initSign(kp.getPrivate());
        return s;
    }

    private static void report(String name, Setup setup, int seconds) throws Exception {
        for (int threads : new int[] {1, 2}) {
            System.out.printf("%-40s threads=%d signatures/s=%.0f%n", name, threads, run(setup, threads, seconds));
        }
    }

    private static double run(Setup setup, int threads, int seconds) throws Exception {
        AtomicLong done = new AtomicLong();
        long warmupEnd = System.nanoTime() + 2_000_000_000L;
        long end = warmupEnd + seconds * 1_000_000_000L;
        Thread[] ts = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            ts[i] = new Thread(() -> {
                try {
                    Operation op = setup.create();
                    byte[] input = new byte[1024];
                    long n = 0;
                    while (true) {
                        long now = System.nanoTime();
                        if (now > end) {
                            break;
                        }
                        op.sign(input);
                        if (now > warmupEnd) {
                            n++;
                        }
                    }
                    done.addAndGet(n);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            ts[i].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        return done.get() / (double) seconds;
    }
}
