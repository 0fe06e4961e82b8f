package dev.signet.autograph.signer.mar;

import dev.signet.autograph.keys.SigningKey;
import dev.signet.autograph.signer.DataSigner;
import dev.signet.autograph.signer.FileSigner;
import dev.signet.autograph.signer.HashSigner;
import dev.signet.autograph.signer.SignerException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;

/**
 * Autograph's {@code mar}: signs Mozilla ARchives with RSA PKCS#1 v1.5 (SHA-384, or SHA-1 as sigalg 1) or ECDSA
 * P-256/P-384 (raw r||s). {@code /sign/file} replaces all signatures of a MAR by one with the key's default
 * algorithm; {@code /sign/data} signs a client-built signable block; {@code /sign/hash} a digest. Answers are
 * standard base64. Every signature is verified with the public key before it is returned.
 */
public class MarSigner implements DataSigner, HashSigner, FileSigner {

    public static final String TYPE = "mar";
    static final int MIN_RSA_BITS = 2048;

    private final String id;
    private final SigningKey key;
    private final SigAlg defaultAlg;
    private final int rsaSignatureLength;
    private final String publicKey;

    public MarSigner(String id, SigningKey key) {
        this.id = id;
        this.key = key;
        PublicKey pub = key.publicKey();
        if (pub instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                throw new IllegalArgumentException("mar: RSA key of " + bits + " bits is too small (minimum "
                        + MIN_RSA_BITS + ")");
            }
            this.defaultAlg = SigAlg.RSA_PKCS1_SHA384;
            this.rsaSignatureLength = (bits + 7) / 8;
        } else if (pub instanceof ECPublicKey ec) {
            int bits = ec.getParams().getOrder().bitLength();
            this.defaultAlg = switch (bits) {
                case 256 -> SigAlg.ECDSA_P256_SHA256;
                case 384 -> SigAlg.ECDSA_P384_SHA384;
                default -> throw new IllegalArgumentException("mar: ECDSA keys must be P-256 or P-384, got a "
                        + bits + "-bit curve");
            };
            this.rsaSignatureLength = 0;
        } else {
            throw new IllegalArgumentException("mar: the key must be RSA or ECDSA, got " + pub.getAlgorithm());
        }
        this.publicKey = Base64.getEncoder().encodeToString(pub.getEncoded());
        selfTest();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String mode() {
        return "";
    }

    @Override
    public String publicKey() {
        return publicKey;
    }

    SigAlg defaultAlg() {
        return defaultAlg;
    }

    @Override
    public String signData(byte[] input, Map<String, Object> options) throws SignerException {
        SigAlg alg = algorithm(options);
        return Base64.getEncoder().encodeToString(signDigest(alg, digest(alg, input)));
    }

    @Override
    public String signHash(byte[] digest, Map<String, Object> options) throws SignerException {
        SigAlg alg = algorithm(options);
        if (digest.length != alg.digestLength) {
            throw SignerException.badInput("mar: hash of " + digest.length + " bytes, sigalg " + alg.id
                    + " expects " + alg.digestLength);
        }
        return Base64.getEncoder().encodeToString(signDigest(alg, digest));
    }

    /** Parses the MAR, drops its signatures, adds one with the key's algorithm, and answers the signed MAR. */
    @Override
    public byte[] signFile(byte[] file, Map<String, Object> options) throws SignerException {
        MarFile mar;
        try {
            mar = MarFile.parse(file);
        } catch (IllegalArgumentException e) {
            throw SignerException.badInput(e.getMessage());
        }
        int length = defaultAlg.isRsa() ? rsaSignatureLength : 2 * defaultAlg.ecCoordinateLength;
        MarFile unsigned = mar.withSignatures(List.of(new MarFile.Signature(defaultAlg.id, new byte[length])));
        byte[] signature = signDigest(defaultAlg, digest(defaultAlg, unsigned.signableBlock()));
        if (signature.length != length) {
            throw SignerException.failure("mar: signature of " + signature.length + " bytes, expected " + length, null);
        }
        return unsigned.withSignatures(List.of(new MarFile.Signature(defaultAlg.id, signature))).toBytes();
    }

    private SigAlg algorithm(Map<String, Object> options) throws SignerException {
        SigAlg alg;
        try {
            alg = MarOptions.parse(options).sigalg();
        } catch (IllegalArgumentException e) {
            throw SignerException.badInput("mar: " + e.getMessage());
        }
        if (alg == null) {
            return defaultAlg;
        }
        boolean fits = defaultAlg.isRsa() ? alg.isRsa() : alg == defaultAlg;
        if (!fits) {
            throw SignerException.badInput("mar: sigalg " + alg.id + " does not match the signer's "
                    + key.publicKey().getAlgorithm() + " key (use " + defaultAlg.id + ")");
        }
        return alg;
    }

    private static byte[] digest(SigAlg alg, byte[] input) {
        try {
            return MessageDigest.getInstance(alg.digest).digest(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] signDigest(SigAlg alg, byte[] digest) throws SignerException {
        try {
            Signature s = instance(alg.isRsa() ? "NONEwithRSA" : "NONEwithECDSA");
            s.initSign(key.privateKey());
            s.update(alg.isRsa() ? digestInfo(alg, digest) : digest);
            byte[] sig = s.sign();
            byte[] wire = alg.isRsa() ? sig : rawRs(sig, alg.ecCoordinateLength);
            if (!verify(alg, digest, wire)) {
                throw SignerException.failure("mar: the signature does not verify with the public key", null);
            }
            return wire;
        } catch (GeneralSecurityException | IOException e) {
            throw SignerException.failure("mar: signing failed: " + e.getMessage(), e);
        }
    }

    /** Verifies a wire signature (PKCS#1 or raw r||s) over a digest with the public key. */
    boolean verify(SigAlg alg, byte[] digest, byte[] wire) {
        try {
            Signature v = instance(alg.isRsa() ? "NONEwithRSA" : "NONEwithECDSA");
            v.initVerify(key.publicKey());
            v.update(alg.isRsa() ? digestInfo(alg, digest) : digest);
            return v.verify(alg.isRsa() ? wire : der(wire));
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private Signature instance(String algorithm) throws GeneralSecurityException {
        return key.provider() == null ? Signature.getInstance(algorithm)
                : Signature.getInstance(algorithm, key.provider());
    }

    private static byte[] digestInfo(SigAlg alg, byte[] digest) throws IOException {
        return new DigestInfo(new AlgorithmIdentifier(new ASN1ObjectIdentifier(alg.digestOid), DERNull.INSTANCE),
                digest).getEncoded("DER");
    }

    private static byte[] rawRs(byte[] der, int n) {
        ASN1Sequence seq = ASN1Sequence.getInstance(der);
        byte[] out = new byte[2 * n];
        copyUnsigned(ASN1Integer.getInstance(seq.getObjectAt(0)).getValue(), out, 0, n);
        copyUnsigned(ASN1Integer.getInstance(seq.getObjectAt(1)).getValue(), out, n, n);
        return out;
    }

    private static void copyUnsigned(BigInteger v, byte[] out, int offset, int n) {
        byte[] b = v.toByteArray();
        int skip = b.length > n ? b.length - n : 0;
        System.arraycopy(b, skip, out, offset + n - (b.length - skip), b.length - skip);
    }

    private static byte[] der(byte[] raw) throws IOException {
        int n = raw.length / 2;
        return new DERSequence(new ASN1Integer[] {
            new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 0, n))),
            new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, n, 2 * n)))}).getEncoded();
    }

    private void selfTest() {
        try {
            signData("AUTOGRAPH MONITORING".getBytes(StandardCharsets.US_ASCII), Map.of());
        } catch (SignerException e) {
            throw new IllegalArgumentException("mar: self-test signature failed: " + e.getMessage(), e);
        }
    }
}
