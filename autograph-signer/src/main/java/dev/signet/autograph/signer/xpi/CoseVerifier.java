package dev.signet.autograph.signer.xpi;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checks a {@code cose.sig} the way Firefox does: tag 98, nil payload, the issuing intermediate among the
 * certificates of the body's kid (Autograph's chains may carry more than one), and each signature valid under the
 * end-entity certificate in its kid, which that intermediate must have issued.
 */
final class CoseVerifier {

    private static final CBORMapper CBOR = new CBORMapper();

    private CoseVerifier() {
    }

    /** @return the verified end-entity certificates, in signature order */
    static List<X509Certificate> verify(byte[] coseSig, byte[] coseManifest, X509Certificate intermediate)
            throws GeneralSecurityException {
        JsonNode root;
        try (CBORParser p = (CBORParser) CBOR.createParser(coseSig)) {
            if (p.nextToken() != JsonToken.START_ARRAY || p.getCurrentTag() != CoseSign.COSE_SIGN_TAG) {
                throw new GeneralSecurityException("cose: not a tagged COSE_Sign");
            }
            root = CBOR.readTree(p);
        } catch (IOException e) {
            throw new GeneralSecurityException("cose: cannot decode: " + e.getMessage(), e);
        }
        if (root.size() != 4 || !root.get(2).isNull() || !root.get(3).isArray() || root.get(3).isEmpty()) {
            throw new GeneralSecurityException("cose: expected [protected, unprotected, nil, signatures]");
        }
        byte[] bodyProtected = binary(root.get(0));
        JsonNode bodyHeader = decode(bodyProtected);
        JsonNode chain = bodyHeader.get(Integer.toString(CoseSign.HEADER_KID));
        if (chain == null || !chain.isArray() || !contains(chain, intermediate.getEncoded())) {
            throw new GeneralSecurityException("cose: body kid must hold the intermediate certificate");
        }
        List<X509Certificate> out = new ArrayList<>();
        for (JsonNode s : root.get(3)) {
            byte[] signProtected = binary(s.get(0));
            JsonNode header = decode(signProtected);
            CoseAlgorithm alg = algorithm(header.path(Integer.toString(CoseSign.HEADER_ALG)).asInt(0));
            X509Certificate ee = certificate(binary(header.get(Integer.toString(CoseSign.HEADER_KID))));
            ee.verify(intermediate.getPublicKey());
            byte[] toBeSigned = CoseSign.sigStructure(bodyProtected, signProtected, coseManifest);
            if (!CoseSign.verify(alg, ee.getPublicKey(), null, toBeSigned, binary(s.get(2)))) {
                throw new GeneralSecurityException("cose: " + alg + " signature does not verify");
            }
            out.add(ee);
        }
        return out;
    }

    private static boolean contains(JsonNode certificates, byte[] der) throws GeneralSecurityException {
        for (JsonNode c : certificates) {
            if (Arrays.equals(binary(c), der)) {
                return true;
            }
        }
        return false;
    }

    private static CoseAlgorithm algorithm(int id) throws GeneralSecurityException {
        for (CoseAlgorithm a : CoseAlgorithm.values()) {
            if (a.id == id) {
                return a;
            }
        }
        throw new GeneralSecurityException("cose: unknown algorithm " + id);
    }

    private static JsonNode decode(byte[] cbor) throws GeneralSecurityException {
        try {
            JsonNode n = CBOR.readTree(cbor);
            if (n == null || !n.isObject()) {
                throw new GeneralSecurityException("cose: protected header is not a map");
            }
            return n;
        } catch (IOException e) {
            throw new GeneralSecurityException("cose: bad protected header: " + e.getMessage(), e);
        }
    }

    private static byte[] binary(JsonNode n) throws GeneralSecurityException {
        if (n == null || !n.isBinary()) {
            throw new GeneralSecurityException("cose: expected a byte string");
        }
        try {
            return n.binaryValue();
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static X509Certificate certificate(byte[] der) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }
}
