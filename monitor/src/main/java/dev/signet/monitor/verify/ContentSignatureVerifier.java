package dev.signet.monitor.verify;

import dev.signet.model.signer.SignatureResponse;
import dev.signet.monitor.chain.ChainResult;
import dev.signet.monitor.chain.ChainVerifier;
import dev.signet.monitor.client.X5uFetcher;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * {@code contentsignature} and {@code contentsignaturepki}: ECDSA (r‖s) over {@code "Content-Signature:\0" ||
 * input}, as Firefox verifies it. With an {@code x5u}, the chain is fetched, its leaf must carry the
 * {@code public_key} of the answer, the signature must verify with the leaf's key and the chain must verify to
 * its root. Without one (allowed for {@code contentsignature} only), the signature is checked with
 * {@code public_key}.
 */
public final class ContentSignatureVerifier implements ResponseVerifier {

    private static final byte[] PREFIX = "Content-Signature:\0".getBytes(StandardCharsets.US_ASCII);

    private final byte[] signedInput;
    private final boolean requireX5u;
    private final X5uFetcher x5u;
    private final ChainVerifier chains;

    public ContentSignatureVerifier(byte[] input, boolean requireX5u, X5uFetcher x5u, ChainVerifier chains) {
        ByteArrayOutputStream templated = new ByteArrayOutputStream();
        templated.writeBytes(PREFIX);
        templated.writeBytes(input);
        this.signedInput = templated.toByteArray();
        this.requireX5u = requireX5u;
        this.x5u = x5u;
        this.chains = chains;
    }

    @Override
    public Verified verify(SignatureResponse r) throws VerificationException {
        Mode mode = Mode.of(r.mode());
        byte[] signature = Wire.base64Url(r.signature(), "signature");
        if (signature.length != mode.signatureLength) {
            throw new VerificationException("signature is " + signature.length + " bytes, " + r.mode() + " makes "
                    + mode.signatureLength);
        }
        PublicKey published = r.publicKey() == null || r.publicKey().isEmpty() ? null : Wire.publicKey(r.publicKey());
        if (r.x5u() == null || r.x5u().isEmpty()) {
            if (requireX5u) {
                throw new VerificationException("the answer has no x5u (a " + r.type() + " signer always has one)");
            }
            if (published == null) {
                throw new VerificationException("the answer has neither an x5u nor a public_key to verify with");
            }
            if (!Signatures.verifies(mode.jcaAlgorithm, null, published, signedInput, signature)) {
                throw new VerificationException("the signature does not verify with public_key");
            }
            return new Verified("signature verified with public_key (no x5u)", null);
        }
        List<X509Certificate> chain = x5u.fetchChain(r.x5u());
        PublicKey leafKey = chain.get(0).getPublicKey();
        if (published != null && !MessageDigest.isEqual(published.getEncoded(), leafKey.getEncoded())) {
            throw new VerificationException("public_key is not the key of the x5u leaf certificate (" + r.x5u()
                    + "): the key and the published chain do not belong together");
        }
        if (!Signatures.verifies(mode.jcaAlgorithm, null, leafKey, signedInput, signature)) {
            throw new VerificationException("the signature does not verify with the key of the x5u leaf "
                    + "certificate (" + r.x5u() + ")");
        }
        ChainResult c = chains.verify(chain, "x5u " + r.x5u());
        return new Verified("signature verified; x5u " + c.describe(), c.soonestExpiry());
    }

    private enum Mode {
        P256("p256ecdsa", "SHA256withECDSAinP1363Format", 64),
        P384("p384ecdsa", "SHA384withECDSAinP1363Format", 96),
        P521("p521ecdsa", "SHA512withECDSAinP1363Format", 132);

        final String wire;
        final String jcaAlgorithm;
        final int signatureLength;

        Mode(String wire, String jcaAlgorithm, int signatureLength) {
            this.wire = wire;
            this.jcaAlgorithm = jcaAlgorithm;
            this.signatureLength = signatureLength;
        }

        static Mode of(String wire) throws VerificationException {
            for (Mode m : values()) {
                if (m.wire.equals(wire)) {
                    return m;
                }
            }
            throw new VerificationException("unknown content signature mode \"" + wire + "\"");
        }
    }
}
