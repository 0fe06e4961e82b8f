package dev.signet.autograph.signer.authenticode;

import dev.signet.autograph.keys.SigningKey;
import dev.signet.autograph.signer.FileSigner;
import dev.signet.autograph.signer.SignerException;
import dev.signet.autograph.signer.TestFileProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jsign.pe.PEFile;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.PKCS7ProcessableObject;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Real Authenticode signing of Windows PE files (exe, dll, sys, efi) with jsign: {@code /sign/file} answers the
 * PE with an embedded PKCS#7 signature by the configured key and certificate chain. Existing signatures are
 * replaced, and the result is checked (digest and signature) before it is returned. Autograph only offered raw PKCS#1 hash signing under this name ({@code genericrsa}); this signer
 * does the whole job. No timestamping (it would need a network call to a TSA per signature).
 */
public class AuthenticodeSigner implements FileSigner, TestFileProvider {

    public static final String TYPE = "authenticode";
    private static final Provider BC = new BouncyCastleProvider();

    private final String id;
    private final SigningKey key;
    private final X509Certificate[] chain;

    public AuthenticodeSigner(String id, SigningKey key, List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("authenticode: certificate chain is empty");
        }
        if (!Arrays.equals(chain.get(0).getPublicKey().getEncoded(), key.publicKey().getEncoded())) {
            throw new IllegalArgumentException("authenticode: the first certificate does not match privatekey");
        }
        if (key.publicKey() instanceof RSAPublicKey rsa) {
            if (rsa.getModulus().bitLength() < 2048) {
                throw new IllegalArgumentException("authenticode: RSA key of " + rsa.getModulus().bitLength()
                        + " bits is too small (minimum 2048)");
            }
        } else if (!(key.publicKey() instanceof ECPublicKey)) {
            throw new IllegalArgumentException("authenticode: the key must be RSA or ECDSA, got "
                    + key.publicKey().getAlgorithm());
        }
        this.id = id;
        this.key = key;
        this.chain = chain.toArray(new X509Certificate[0]);
        try {
            signFile(MinimalPe.build(), Map.of());
        } catch (SignerException e) {
            throw new IllegalArgumentException("authenticode: self-test signature failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<X509Certificate> certificates() {
        return List.of(chain);
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
        return "";
    }

    /** The monitor's file: {@link #unsignedTestPe()}. */
    @Override
    public byte[] testFile() {
        return unsignedTestPe();
    }

    /** A tiny unsigned PE, signed at startup and by the monitor. */
    public static byte[] unsignedTestPe() {
        return MinimalPe.build();
    }

    @Override
    public byte[] signFile(byte[] file, Map<String, Object> requestOptions) throws SignerException {
        AuthenticodeOptions options;
        try {
            options = AuthenticodeOptions.parse(requestOptions);
        } catch (IllegalArgumentException e) {
            throw SignerException.badInput("authenticode: " + e.getMessage());
        }
        if (file.length < 0x40 || file[0] != 'M' || file[1] != 'Z') {
            throw SignerException.badInput("authenticode: not a PE file (no MZ header)");
        }
        Path tmp = null;
        try {
            // jsign edits the PE in place through a channel; a private temp file keeps large PEs off the heap twice.
            tmp = Files.createTempFile("signet-authenticode-", ".pe");
            Files.write(tmp, file);
            try (PEFile pe = open(tmp)) {
                net.jsign.AuthenticodeSigner signer = new net.jsign.AuthenticodeSigner(chain, key.privateKey())
                        .withDigestAlgorithm(options.digest())
                        .withSignaturesReplaced(true)
                        .withTimestamping(false)
                        .withProgramName(options.programName())
                        .withProgramURL(options.programUrl());
                if (key.provider() != null) {
                    signer.withSignatureProvider(key.provider());
                }
                signer.sign(pe);
            }
            byte[] signed = Files.readAllBytes(tmp);
            check(tmp, options);
            return signed;
        } catch (SignerException e) {
            throw e;
        } catch (Exception e) {
            throw SignerException.failure("authenticode: signing failed: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort; the file holds only the caller's own PE
                }
            }
        }
    }

    private static PEFile open(Path path) throws SignerException {
        try {
            return new PEFile(path.toFile());
        } catch (IOException | RuntimeException e) {
            throw SignerException.badInput("authenticode: not a valid PE file: " + e.getMessage());
        }
    }

    /**
     * The signed file must carry exactly one signature whose indirect-data digest is the PE's own Authenticode
     * digest and whose signer info verifies with the signing certificate.
     */
    private void check(Path path, AuthenticodeOptions options) throws Exception {
        try (PEFile pe = new PEFile(path.toFile())) {
            List<CMSSignedData> signatures = pe.getSignatures();
            if (signatures.size() != 1) {
                throw SignerException.failure("authenticode: the signed PE has " + signatures.size()
                        + " signatures, expected 1", null);
            }
            ContentInfo contentInfo = signatures.get(0).toASN1Structure();
            ContentInfo encapsulated = SignedData.getInstance(contentInfo.getContent()).getEncapContentInfo();
            ASN1Sequence indirectData = ASN1Sequence.getInstance(encapsulated.getContent());
            // Authenticode signs the SpcIndirectDataContent's inner encoding, which PKCS7ProcessableObject writes.
            CMSSignedData cms = new CMSSignedData(
                    new PKCS7ProcessableObject(encapsulated.getContentType(), indirectData), contentInfo);
            byte[] signedDigest = DigestInfo.getInstance(indirectData.getObjectAt(1)).getDigest();
            if (!Arrays.equals(signedDigest, pe.computeDigest(options.digest()))) {
                throw SignerException.failure("authenticode: the signed digest is not the PE's digest", null);
            }
            SignerInformation signer = cms.getSignerInfos().getSigners().iterator().next();
            if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(chain[0]))) {
                throw SignerException.failure("authenticode: the signature does not verify", null);
            }
        }
    }
}
