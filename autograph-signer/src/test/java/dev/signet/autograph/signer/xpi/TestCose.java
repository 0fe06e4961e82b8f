package dev.signet.autograph.signer.xpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An independent COSE_Sign check (own minimal CBOR decoder, JDK signatures), following what Firefox's cose-rust
 * verifier requires: tag 98, nil payload, intermediates in the body kid, per-signature alg and EE cert kid.
 */
final class TestCose {

    private TestCose() {
    }

    private record Tagged(long tag, Object value) {
    }

    static List<X509Certificate> verify(byte[] coseSig, byte[] payload, X509Certificate intermediate,
            List<Integer> expectedAlgs) throws Exception {
        Decoder d = new Decoder(coseSig);
        Tagged tagged = (Tagged) d.read();
        assertEquals(d.bytes.length, d.pos, "trailing bytes");
        assertEquals(98L, tagged.tag(), "COSE_Sign tag");
        List<?> msg = (List<?>) tagged.value();
        assertEquals(4, msg.size());
        byte[] bodyProtected = (byte[]) msg.get(0);
        Map<?, ?> body = (Map<?, ?>) new Decoder(bodyProtected).read();
        List<?> kid = (List<?>) body.get(4L);
        assertArrayEquals(intermediate.getEncoded(), (byte[]) kid.get(0), "body kid = [intermediate]");
        assertEquals(Map.of(), msg.get(1));
        assertNull(msg.get(2), "detached payload");
        List<Integer> algs = new ArrayList<>();
        List<X509Certificate> certs = new ArrayList<>();
        for (Object o : (List<?>) msg.get(3)) {
            List<?> sig = (List<?>) o;
            byte[] signProtected = (byte[]) sig.get(0);
            Map<?, ?> header = (Map<?, ?>) new Decoder(signProtected).read();
            int alg = ((Long) header.get(1L)).intValue();
            X509Certificate ee = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream((byte[]) header.get(4L)));
            ee.verify(intermediate.getPublicKey());
            Signature verifier = switch (alg) {
                case -7 -> Signature.getInstance("SHA256withECDSAinP1363Format");
                case -35 -> Signature.getInstance("SHA384withECDSAinP1363Format");
                case -36 -> Signature.getInstance("SHA512withECDSAinP1363Format");
                case -37 -> {
                    Signature s = Signature.getInstance("RSASSA-PSS");
                    s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                    yield s;
                }
                default -> throw new AssertionError("unexpected alg " + alg);
            };
            verifier.initVerify(ee.getPublicKey());
            verifier.update(sigStructure(bodyProtected, signProtected, payload));
            assertTrue(verifier.verify((byte[]) sig.get(2)), "COSE signature " + alg);
            algs.add(alg);
            certs.add(ee);
        }
        assertEquals(expectedAlgs, algs);
        return certs;
    }

    private static byte[] sigStructure(byte[] bodyProtected, byte[] signProtected, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        head(out, 4, 5);
        byte[] context = "Signature".getBytes(StandardCharsets.US_ASCII);
        head(out, 3, context.length);
        out.writeBytes(context);
        for (byte[] b : new byte[][] {bodyProtected, signProtected, new byte[0], payload}) {
            head(out, 2, b.length);
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    private static void head(ByteArrayOutputStream out, int major, long n) {
        int m = major << 5;
        if (n < 24) {
            out.write(m | (int) n);
        } else if (n < 0x100) {
            out.write(m | 24);
            out.write((int) n);
        } else if (n < 0x10000) {
            out.write(m | 25);
            out.write((int) (n >> 8));
            out.write((int) n);
        } else {
            out.write(m | 26);
            for (int i = 3; i >= 0; i--) {
                out.write((int) (n >> (8 * i)));
            }
        }
    }

    /** Definite-length CBOR only (Firefox's decoder accepts nothing else). */
    private static final class Decoder {
        final byte[] bytes;
        int pos;

        Decoder(byte[] bytes) {
            this.bytes = bytes;
        }

        Object read() {
            int ib = bytes[pos++] & 0xff;
            int major = ib >> 5;
            int info = ib & 0x1f;
            if (major == 7) {
                assertEquals(22, info, "only null is used among simple values");
                return null;
            }
            assertTrue(info < 28, "indefinite lengths are not allowed");
            long n = info < 24 ? info : readUint(1 << (info - 24));
            switch (major) {
                case 0:
                    return n;
                case 1:
                    return -1 - n;
                case 2: {
                    byte[] b = java.util.Arrays.copyOfRange(bytes, pos, pos + (int) n);
                    pos += (int) n;
                    return b;
                }
                case 3: {
                    String s = new String(bytes, pos, (int) n, StandardCharsets.UTF_8);
                    pos += (int) n;
                    return s;
                }
                case 4: {
                    List<Object> list = new ArrayList<>();
                    for (long i = 0; i < n; i++) {
                        list.add(read());
                    }
                    return list;
                }
                case 5: {
                    Map<Object, Object> map = new LinkedHashMap<>();
                    for (long i = 0; i < n; i++) {
                        map.put(read(), read());
                    }
                    return map;
                }
                case 6:
                    return new Tagged(n, read());
                default:
                    throw new AssertionError("major type " + major);
            }
        }

        private long readUint(int len) {
            long v = 0;
            for (int i = 0; i < len; i++) {
                v = (v << 8) | (bytes[pos++] & 0xff);
            }
            return v;
        }
    }
}
