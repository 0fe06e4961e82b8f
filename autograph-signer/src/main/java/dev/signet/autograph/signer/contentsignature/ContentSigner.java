package dev.signet.autograph.signer.contentsignature;

import dev.signet.autograph.keys.SigningKey;
import dev.signet.autograph.signer.DataSigner;
import dev.signet.autograph.signer.HashSigner;
import dev.signet.autograph.signer.SignerException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.Map;

/**
 * Firefox content signatures: ECDSA over {@code SHA-2("Content-Signature:\0" || input)}, answered as base64url
 * (no padding) of r||s. The hash follows the curve (P-256/SHA-256, P-384/SHA-384, P-521/SHA-512).
 */
public class ContentSigner implements DataSigner, HashSigner {

    public static final String TYPE = "contentsignature";
    static final byte[] PREFIX = "Content-Signature:\u0000".getBytes(StandardCharsets.US_ASCII);
    /** Autograph refuses shorter data: it is almost certainly a client bug, not a document. */
    static final int MIN_INPUT = 10;

    private final String id;
    private final String type;
    private final ContentSignatureMode mode;
    private final SigningKey key;
    private final String publicKey;
    private final String x5u;
    // Signature objects are not thread-safe; one initialized instance per thread avoids re-initSign per call.
    private final ThreadLocal<Signature> signatures;
    private final ThreadLocal<MessageDigest> digests;

    public ContentSigner(String id, SigningKey key, String x5u) {
        this(id, TYPE, key, x5u, true);
    }

    protected ContentSigner(String id, String type, SigningKey key, String x5u, boolean publishPublicKey) {
        if (!(key.publicKey() instanceof ECPublicKey ec)) {
            throw new IllegalArgumentException(type + ": the key must be an ECDSA key, got "
                    + key.publicKey().getAlgorithm());
        }
        this.id = id;
        this.type = type;
        this.mode = ContentSignatureMode.of(ec);
        this.key = key;
        this.publicKey = publishPublicKey ? Base64.getEncoder().encodeToString(ec.getEncoded()) : "";
        this.x5u = x5u;
        this.signatures = ThreadLocal.withInitial(this::newSignature);
        this.digests = ThreadLocal.withInitial(this::newDigest);
        selfTest();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public String mode() {
        return mode.wireName();
    }

    @Override
    public String publicKey() {
        return publicKey;
    }

    @Override
    public String x5u() {
        return x5u;
    }

    public ContentSignatureMode contentSignatureMode() {
        return mode;
    }

    @Override
    public String signData(byte[] input, Map<String, Object> options) throws SignerException {
        if (input.length < MIN_INPUT) {
            throw SignerException.badInput(type + ": refusing to sign input data shorter than " + MIN_INPUT
                    + " bytes");
        }
        return encode(sign(templatedDigest(input)));
    }

    @Override
    public String signHash(byte[] digest, Map<String, Object> options) throws SignerException {
        // As Autograph: a SHA-256, SHA-384 or SHA-512 digest for any curve. Its own client's example signs a
        // SHA-256 digest with the P-384 key, and ECDSA itself defines how a shorter or longer digest is used.
        if (digest.length != 32 && digest.length != 48 && digest.length != 64) {
            throw SignerException.badInput(type + ": refusing to sign input hash of length " + digest.length
                    + ", expected 32, 48 or 64");
        }
        return encode(sign(digest));
    }

    /** {@code SHA-2("Content-Signature:\0" || input)} with the mode's hash. */
    public byte[] templatedDigest(byte[] input) {
        MessageDigest md = digests.get();
        md.reset();
        md.update(PREFIX);
        md.update(input);
        return md.digest();
    }

    /** Verifies a base64url r||s signature over {@code input} (templated), with the public key. */
    public boolean verifyData(byte[] input, String signature) {
        try {
            Signature verifier = key.provider() == null ? Signature.getInstance("NONEwithECDSA")
                    : Signature.getInstance("NONEwithECDSA", key.provider());
            verifier.initVerify(key.publicKey());
            verifier.update(templatedDigest(input));
            return verifier.verify(Ecdsa.p1363ToDer(Base64.getUrlDecoder().decode(signature)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private byte[] sign(byte[] digest) throws SignerException {
        try {
            Signature s = signatures.get();
            s.update(digest);
            return Ecdsa.derToP1363(s.sign(), mode.fieldBytes());
        } catch (GeneralSecurityException | IllegalStateException e) {
            signatures.remove();
            throw SignerException.failure(type + ": signing failed: " + e.getMessage(), e);
        }
    }

    private static String encode(byte[] rs) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(rs);
    }

    private MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(mode.hash());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(mode.hash() + " unavailable", e);
        }
    }

    private Signature newSignature() {
        try {
            Signature s = key.provider() == null ? Signature.getInstance("NONEwithECDSA")
                    : Signature.getInstance("NONEwithECDSA", key.provider());
            s.initSign(key.privateKey());
            return s;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(type + ": cannot initialize ECDSA: " + e.getMessage(), e);
        }
    }

    // A private key that does not match its public key (or a broken provider) must stop startup, not produce
    // signatures nobody can verify.
    private void selfTest() {
        byte[] probe = "AUTOGRAPH MONITORING".getBytes(StandardCharsets.US_ASCII);
        try {
            if (!verifyData(probe, signData(probe, Map.of()))) {
                throw new IllegalArgumentException(type + ": self-test signature does not verify with the public key");
            }
        } catch (SignerException e) {
            throw new IllegalArgumentException(type + ": self-test signature failed: " + e.getMessage(), e);
        }
    }
}
