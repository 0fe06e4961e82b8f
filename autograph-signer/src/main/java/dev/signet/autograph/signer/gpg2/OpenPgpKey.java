package dev.signet.autograph.signer.gpg2;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;

/**
 * An unlocked OpenPGP signing key (primary key or subkey) with its public key. Immutable and thread-safe: every
 * signature uses a fresh generator, so signers need no lock (Autograph serialises all gpg calls behind one).
 */
final class OpenPgpKey {

    private final PGPPrivateKey privateKey;
    private final PGPPublicKey publicKey;
    private final int hashAlgorithm;

    private OpenPgpKey(PGPPrivateKey privateKey, PGPPublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        // DSA keys need a hash no longer than their q (gpg truncates SHA-256 for 1024-bit DSA); SHA-512 otherwise.
        this.hashAlgorithm = publicKey.getAlgorithm() == PublicKeyAlgorithmTags.DSA
                ? HashAlgorithmTags.SHA256 : HashAlgorithmTags.SHA512;
    }

    /**
     * Finds the key {@code keyId} (hex key id or fingerprint suffix) in the armored secret keys, checks it can
     * sign now, unlocks it and checks the armored public key contains the same key.
     */
    static OpenPgpKey load(String armoredSecret, String armoredPublic, String keyId, String passphrase) {
        if (armoredSecret == null || armoredSecret.isBlank()) {
            throw new IllegalArgumentException("privatekey is required (armored OpenPGP secret key)");
        }
        if (armoredPublic == null || armoredPublic.isBlank()) {
            throw new IllegalArgumentException("publickey is required (armored OpenPGP public key)");
        }
        PGPSecretKey secret = findSecret(armoredSecret, keyId);
        if (secret.isPrivateKeyEmpty()) {
            throw new IllegalArgumentException("privatekey: key " + keyId + " has no secret part (only a stub)");
        }
        PGPPublicKey pub = findPublic(armoredPublic, keyId);
        if (!Arrays.equals(fingerprint(pub), fingerprint(secret.getPublicKey()))) {
            throw new IllegalArgumentException("publickey does not contain the key " + keyId + " of privatekey");
        }
        checkCanSign(pub, keyId);
        PGPPrivateKey priv;
        try {
            priv = secret.extractPrivateKey(new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider())
                    .build(passphrase == null ? new char[0] : passphrase.toCharArray()));
        } catch (PGPException e) {
            throw new IllegalArgumentException("privatekey: cannot unlock key " + keyId
                    + " (wrong or missing passphrase?): " + e.getMessage(), e);
        }
        return new OpenPgpKey(priv, pub);
    }

    private static PGPSecretKey findSecret(String armored, String keyId) {
        try (InputStream in = PGPUtil.getDecoderStream(stream(armored))) {
            PGPSecretKeyRingCollection rings = new PGPSecretKeyRingCollection(in, new BcKeyFingerprintCalculator());
            for (Iterator<PGPSecretKeyRing> r = rings.getKeyRings(); r.hasNext(); ) {
                for (Iterator<PGPSecretKey> k = r.next().getSecretKeys(); k.hasNext(); ) {
                    PGPSecretKey key = k.next();
                    if (matches(key.getPublicKey(), keyId)) {
                        return key;
                    }
                }
            }
        } catch (IOException | PGPException e) {
            throw new IllegalArgumentException("privatekey: cannot parse armored secret key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("privatekey: no key with keyid " + keyId);
    }

    private static PGPPublicKey findPublic(String armored, String keyId) {
        try (InputStream in = PGPUtil.getDecoderStream(stream(armored))) {
            PGPPublicKeyRingCollection rings = new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator());
            for (Iterator<PGPPublicKeyRing> r = rings.getKeyRings(); r.hasNext(); ) {
                for (Iterator<PGPPublicKey> k = r.next().getPublicKeys(); k.hasNext(); ) {
                    PGPPublicKey key = k.next();
                    if (matches(key, keyId)) {
                        return key;
                    }
                }
            }
        } catch (IOException | PGPException e) {
            throw new IllegalArgumentException("publickey: cannot parse armored public key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("publickey: no key with keyid " + keyId);
    }

    private static boolean matches(PGPPublicKey key, String keyId) {
        return HexFormat.of().formatHex(fingerprint(key)).toUpperCase(Locale.ROOT).endsWith(keyId)
                || (keyId.length() == 16 && String.format("%016X", key.getKeyID()).equals(keyId));
    }

    private static byte[] fingerprint(PGPPublicKey key) {
        return key.getFingerprint();
    }

    private static void checkCanSign(PGPPublicKey key, String keyId) {
        int alg = key.getAlgorithm();
        boolean signingAlgorithm = switch (alg) {
            case PublicKeyAlgorithmTags.RSA_GENERAL, PublicKeyAlgorithmTags.RSA_SIGN, PublicKeyAlgorithmTags.DSA,
                    PublicKeyAlgorithmTags.ECDSA, PublicKeyAlgorithmTags.EDDSA_LEGACY, PublicKeyAlgorithmTags.Ed25519,
                    PublicKeyAlgorithmTags.Ed448 -> true;
            default -> false;
        };
        if (!signingAlgorithm) {
            throw new IllegalArgumentException("key " + keyId + " uses algorithm " + alg + ", which cannot sign");
        }
        if (key.isRevoked()) {
            throw new IllegalArgumentException("key " + keyId + " is revoked");
        }
        long valid = key.getValidSeconds();
        if (valid > 0 && key.getCreationTime().getTime() + valid * 1000 < System.currentTimeMillis()) {
            throw new IllegalArgumentException("key " + keyId + " expired");
        }
        int flags = keyFlags(key);
        if (flags != 0 && (flags & KeyFlags.SIGN_DATA) == 0) {
            throw new IllegalArgumentException("key " + keyId + " is not flagged for signing (key flags "
                    + Integer.toHexString(flags) + "); configure the signing subkey's id");
        }
    }

    /** The key flags of the newest self-signature (primary key) or binding (subkey), 0 if none says. */
    private static int keyFlags(PGPPublicKey key) {
        int flags = 0;
        long newest = Long.MIN_VALUE;
        for (Iterator<PGPSignature> it = key.getSignatures(); it.hasNext(); ) {
            PGPSignature sig = it.next();
            boolean binding = key.isMasterKey()
                    ? sig.getKeyID() == key.getKeyID()
                            && (sig.isCertification() || sig.getSignatureType() == PGPSignature.DIRECT_KEY)
                    : sig.getSignatureType() == PGPSignature.SUBKEY_BINDING;
            if (binding && sig.getHashedSubPackets() != null && sig.getHashedSubPackets().getKeyFlags() != 0
                    && sig.getCreationTime().getTime() > newest) {
                newest = sig.getCreationTime().getTime();
                flags = sig.getHashedSubPackets().getKeyFlags();
            }
        }
        return flags;
    }

    /** Signs {@code data} as a binary document (type 0x00), verifies the result, answers it unarmored. */
    PGPSignature signBinary(byte[] data) throws PGPException {
        return sign(PGPSignature.BINARY_DOCUMENT, data);
    }

    /** Signs already canonical text (CRLF line ends, trailing blanks removed) as a text document (type 0x01). */
    PGPSignature signCanonicalText(byte[] canonical) throws PGPException {
        return sign(PGPSignature.CANONICAL_TEXT_DOCUMENT, canonical);
    }

    private PGPSignature sign(int type, byte[] data) throws PGPException {
        PGPSignatureGenerator gen = new PGPSignatureGenerator(
                new BcPGPContentSignerBuilder(publicKey.getAlgorithm(), hashAlgorithm), publicKey);
        gen.init(type, privateKey);
        PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
        hashed.setSignatureCreationTime(false, new Date());
        hashed.setIssuerFingerprint(false, publicKey);
        gen.setHashedSubpackets(hashed.generate());
        gen.update(data);
        PGPSignature sig = gen.generate();
        sig.init(new BcPGPContentVerifierBuilderProvider(), publicKey);
        sig.update(data);
        if (!sig.verify()) {
            throw new PGPException("the signature does not verify with the public key");
        }
        return sig;
    }

    /** ASCII armor without headers, as {@code gpg --armor} writes it. */
    static String armor(PGPSignature sig) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArmoredOutputStream armored = ArmoredOutputStream.builder().clearHeaders().build(out)) {
            sig.encode(armored);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    /** The {@code Hash:} armor header value of this key's signatures. */
    String hashName() {
        return hashAlgorithm == HashAlgorithmTags.SHA256 ? "SHA256" : "SHA512";
    }

    private static InputStream stream(String armored) {
        return new ByteArrayInputStream(armored.strip().getBytes(StandardCharsets.UTF_8));
    }
}
