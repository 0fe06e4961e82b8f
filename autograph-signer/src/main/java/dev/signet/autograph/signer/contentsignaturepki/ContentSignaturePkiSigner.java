package dev.signet.autograph.signer.contentsignaturepki;

import dev.signet.autograph.keys.SigningKey;
import dev.signet.autograph.signer.CertificateChainSigner;
import dev.signet.autograph.signer.contentsignature.ContentSigner;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A content signer whose key is certified by an end-entity certificate; clients find the chain at {@code x5u}.
 * Signatures are identical in format to {@code contentsignature}.
 */
public class ContentSignaturePkiSigner extends ContentSigner implements CertificateChainSigner {

    public static final String TYPE = "contentsignaturepki";

    private final String chainName;
    private final byte[] chainPem;
    private final List<X509Certificate> chain;

    ContentSignaturePkiSigner(String id, SigningKey endEntityKey, String x5u, String chainName,
            List<X509Certificate> chain, String chainPem) {
        super(id, TYPE, endEntityKey, x5u, true);
        this.chainName = chainName;
        this.chain = List.copyOf(chain);
        this.chainPem = chainPem.getBytes(StandardCharsets.US_ASCII);
    }

    /** End-entity, intermediate, root: the same certificates as {@link #chainPem}. */
    @Override
    public List<X509Certificate> certificates() {
        return chain;
    }

    @Override
    public String chainName() {
        return chainName;
    }

    @Override
    public byte[] chainPem() {
        return chainPem.clone();
    }
}
