package dev.signet.autograph.signer.xpi;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import dev.signet.autograph.signer.contentsignature.Ecdsa;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.List;

/**
 * {@code META-INF/cose.sig}: a CBOR {@code COSE_Sign} (tag 98) over {@code cose.manifest} with a detached (nil)
 * payload, as Firefox verifies it: body protected header {@code {4 (kid): [intermediate DER]}}, and per signature a
 * protected header {@code {1 (alg): id, 4 (kid): end-entity DER}} and the signature (raw r||s for ES*, RSA-PSS with
 * SHA-256, MGF1-SHA-256 and a 32-byte salt for PS256). All lengths definite.
 */
final class CoseSign {

    /** One signature to add: its algorithm and a fresh certified key. */
    record Signer(CoseAlgorithm algorithm, X509Certificate certificate, PrivateKey key) {
    }

    static final int COSE_SIGN_TAG = 98;
    static final int HEADER_ALG = 1;
    static final int HEADER_KID = 4;

    private static final CBORFactory CBOR = new CBORFactory();

    private CoseSign() {
    }

    static byte[] sign(byte[] coseManifest, X509Certificate intermediate, List<Signer> signers, Provider provider)
            throws GeneralSecurityException {
        byte[] intermediateDer = intermediate.getEncoded();
        byte[] bodyProtected = cbor(g -> {
            g.writeStartObject(null, 1);
            g.writeFieldId(HEADER_KID);
            g.writeStartArray(null, 1);
            g.writeBinary(intermediateDer);
            g.writeEndArray();
            g.writeEndObject();
        });
        byte[][] protectedHeaders = new byte[signers.size()][];
        byte[][] signatures = new byte[signers.size()][];
        for (int i = 0; i < signers.size(); i++) {
            Signer s = signers.get(i);
            byte[] ee = s.certificate().getEncoded();
            protectedHeaders[i] = cbor(g -> {
                g.writeStartObject(null, 2);
                g.writeFieldId(HEADER_ALG);
                g.writeNumber(s.algorithm().id);
                g.writeFieldId(HEADER_KID);
                g.writeBinary(ee);
                g.writeEndObject();
            });
            byte[] toBeSigned = sigStructure(bodyProtected, protectedHeaders[i], coseManifest);
            signatures[i] = sign(s.algorithm(), s.key(), provider, toBeSigned);
        }
        return cbor(g -> {
            g.writeTag(COSE_SIGN_TAG);
            g.writeStartArray(null, 4);
            g.writeBinary(bodyProtected);
            g.writeStartObject(null, 0);
            g.writeEndObject();
            g.writeNull();
            g.writeStartArray(null, signers.size());
            for (int i = 0; i < signers.size(); i++) {
                g.writeStartArray(null, 3);
                g.writeBinary(protectedHeaders[i]);
                g.writeStartObject(null, 0);
                g.writeEndObject();
                g.writeBinary(signatures[i]);
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndArray();
        });
    }

    /**
     * Sig_structure {@code ["Signature", body_protected, sign_protected, null, payload]}. RFC 8152 says an empty
     * external_aad is {@code h''}, but Firefox's verifier (the cose crate's {@code get_sig_struct_bytes}) and
     * Autograph (go.mozilla.org/cose, called with a nil external) both put CBOR null there. Following the RFC
     * would make every signature fail in Firefox; the Autograph-made fixtures in the tests pin this down.
     */
    static byte[] sigStructure(byte[] bodyProtected, byte[] signProtected, byte[] payload) {
        return cbor(g -> {
            g.writeStartArray(null, 5);
            g.writeString("Signature");
            g.writeBinary(bodyProtected);
            g.writeBinary(signProtected);
            g.writeNull();
            g.writeBinary(payload);
            g.writeEndArray();
        });
    }

    static byte[] sign(CoseAlgorithm alg, PrivateKey key, Provider provider, byte[] data)
            throws GeneralSecurityException {
        Signature sig = signature(alg, provider);
        sig.initSign(key);
        sig.update(data);
        byte[] out = sig.sign();
        return alg.curve == null ? out : Ecdsa.derToP1363(out, alg.fieldBytes);
    }

    static boolean verify(CoseAlgorithm alg, PublicKey key, Provider provider, byte[] data, byte[] signature)
            throws GeneralSecurityException {
        Signature sig = signature(alg, provider);
        sig.initVerify(key);
        sig.update(data);
        return sig.verify(alg.curve == null ? signature : Ecdsa.p1363ToDer(signature));
    }

    private static Signature signature(CoseAlgorithm alg, Provider provider) throws GeneralSecurityException {
        Signature sig = provider == null ? Signature.getInstance(alg.jcaAlgorithm)
                : Signature.getInstance(alg.jcaAlgorithm, provider);
        if (alg == CoseAlgorithm.PS256) {
            sig.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        }
        return sig;
    }

    @FunctionalInterface
    private interface CborWriter {
        void write(CBORGenerator g) throws IOException;
    }

    private static byte[] cbor(CborWriter writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator g = CBOR.createGenerator(out)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
