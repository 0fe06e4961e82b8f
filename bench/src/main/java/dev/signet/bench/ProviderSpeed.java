package dev.signet.bench;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.atomic.AtomicLong;

/**
 * P-384 content-signature signing speed per JCA provider, as the signer does it (SHA-384 of the templated input,
 * then NONEwithECDSA), on 1 and 2 threads. {@code java -cp $(cat bench/target/classpath.txt):bench/target/classes
 * dev.signet.bench.ProviderSpeed 5}
 */
public final class ProviderSpeed {

    private ProviderSpeed() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Provider accp = com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE;
        Provider bc = new org.bouncycastle.jce.provider.BouncyCastleProvider();
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", "SunEC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair kp = g.generateKeyPair();
        for (Provider p : new Provider[] {accp, bc, null}) {
            for (int threads : new int[] {1, 2}) {
                double rate = run(p, kp, threads, seconds);
                System.out.printf("%-30s threads=%d P-384 signatures/s=%.0f%n",
                        p == null ? "SunEC (JDK)" : p.getName() + " " + p.getVersionStr(), threads, rate);
            }
        }
    }

    private static double run(Provider p, KeyPair kp, int threads, int seconds) throws Exception {
        AtomicLong done = new AtomicLong();
        long warmupEnd = System.nanoTime() + 2_000_000_000L;
        long end = warmupEnd + seconds * 1_000_000_000L;
        Thread[] ts = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            ts[i] = new Thread(() -> {
                try {
                    Signature s = p == null ? Signature.getInstance("NONEwithECDSA")
                            : Signature.getInstance("NONEwithECDSA", p);
                    s.initSign(kp.getPrivate());
                    byte[] input = new byte[1024];
                    long n = 0;
                    while (true) {
                        long now = System.nanoTime();
                        if (now > end) {
                            break;
                        }
                        MessageDigest md = MessageDigest.getInstance("SHA-384");
                        md.update(input);
                        s.update(md.digest());
                        s.sign();
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
