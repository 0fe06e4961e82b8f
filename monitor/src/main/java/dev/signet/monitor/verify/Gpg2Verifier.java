package dev.signet.monitor.verify;

import dev.signet.model.signer.SignatureResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;

/**
 * {@code gpg2}: an armored detached OpenPGP signature over the monitoring input, checked by Bouncy Castle with the
 * armored public key of the answer, in memory (no keyring, no GNUPGHOME). The signing key must not be revoked or
 * expired; its expiry, and its primary key's, count as the signer's expiry.
 */
public final class Gpg2Verifier implements ResponseVerifier {

    private final byte[] input;

    public Gpg2Verifier(byte[] input) {
        this.input = input.clone();
    }

    @Override
    public Verified verify(SignatureResponse r) throws VerificationException {
        PGPSignature signature = signature(Wire.required(r.signature(), "signature"));
        PGPPublicKeyRingCollection keys = keys(Wire.required(r.publicKey(), "public_key"));
        PGPPublicKey key = keys.getPublicKey(signature.getKeyID());
        PGPPublicKeyRing ring = keys.getPublicKeyRing(signature.getKeyID());
        String keyId = String.format(Locale.ROOT, "%016X", signature.getKeyID());
        if (key == null) {
            throw new VerificationException("the signature is by key " + keyId + ", which public_key does not hold");
        }
        try {
            signature.init(new JcaPGPContentVerifierBuilderProvider(), key);
            signature.update(input);
            if (!signature.verify()) {
                throw new VerificationException("the OpenPGP signature does not verify with key " + keyId);
            }
        } catch (PGPException e) {
            throw new VerificationException("the OpenPGP signature does not verify with key " + keyId + ": "
                    + e.getMessage());
        }
        Instant expiry = Verified.earliest(expiry(key), expiry(ring.getPublicKey()));
        for (PGPPublicKey k : new PGPPublicKey[] {key, ring.getPublicKey()}) {
            if (k.hasRevocation()) {
                throw new VerificationException("key " + fingerprint(k) + " is revoked");
            }
        }
        if (expiry != null && expiry.isBefore(Instant.now())) {
            throw new VerificationException("key " + fingerprint(key) + " expired on " + expiry);
        }
        return new Verified("OpenPGP signature verified with key " + fingerprint(key), expiry);
    }

    private static PGPSignature signature(String armored) throws VerificationException {
        try (InputStream in = PGPUtil.getDecoderStream(
                new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
            Object o = new JcaPGPObjectFactory(in).nextObject();
            if (o instanceof PGPSignatureList list && !list.isEmpty()) {
                return list.get(0);
            }
            throw new VerificationException("signature is not an OpenPGP signature");
        } catch (IOException | RuntimeException e) {
            throw new VerificationException("signature is not an OpenPGP signature: " + e.getMessage());
        }
    }

    private static PGPPublicKeyRingCollection keys(String armored) throws VerificationException {
        try (InputStream in = PGPUtil.getDecoderStream(
                new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
            return new PGPPublicKeyRingCollection(in, new JcaKeyFingerprintCalculator());
        } catch (IOException | PGPException | RuntimeException e) {
            throw new VerificationException("public_key is not an OpenPGP public key: " + e.getMessage());
        }
    }

    private static Instant expiry(PGPPublicKey key) {
        long seconds = key.getValidSeconds();
        return seconds <= 0 ? null : key.getCreationTime().toInstant().plusSeconds(seconds);
    }

    private static String fingerprint(PGPPublicKey key) {
        return HexFormat.of().withUpperCase().formatHex(key.getFingerprint());
    }
}
