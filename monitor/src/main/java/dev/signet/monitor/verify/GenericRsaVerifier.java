package dev.signet.monitor.verify;

import dev.signet.model.signer.SignatureResponse;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Map;

/**
 * {@code genericrsa}: RSASSA-PSS or PKCS#1 v1.5 over the monitoring input, with the hash and salt length the
 * answer's {@code signer_opts} give in Go's terms ({@code Hash} 3 = SHA-1, 5 = SHA-256; {@code SaltLength} -1 =
 * the hash length, 0 = the most the key allows), checked with {@code public_key}.
 */
public final class GenericRsaVerifier implements ResponseVerifier {

    private final byte[] input;

    public GenericRsaVerifier(byte[] input) {
        this.input = input.clone();
    }

    @Override
    public Verified verify(SignatureResponse r) throws VerificationException {
        if (!(Wire.publicKey(r.publicKey()) instanceof RSAPublicKey key)) {
            throw new VerificationException("public_key is not an RSA key");
        }
        byte[] signature = Wire.base64(r.signature(), "signature");
        Map<String, Object> opts = r.signerOpts() == null ? Map.of() : r.signerOpts();
        String hash = switch (number(opts, "Hash")) {
            case 3 -> "SHA-1";
            case 5 -> "SHA-256";
            default -> throw new VerificationException("signer_opts.Hash " + opts.get("Hash") + " is not 3 (SHA-1)"
                    + " or 5 (SHA-256)");
        };
        String what;
        boolean ok;
        if ("pss".equals(r.mode())) {
            int hashLength = "SHA-1".equals(hash) ? 20 : 32;
            int emLength = (key.getModulus().bitLength() - 1 + 7) / 8;
            int salt = switch (number(opts, "SaltLength")) {
                case -1 -> hashLength;
                case 0 -> emLength - hashLength - 2;
                default -> number(opts, "SaltLength");
            };
            PSSParameterSpec pss = new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), salt, 1);
            ok = Signatures.verifies("RSASSA-PSS", pss, key, input, signature);
            what = "RSA-PSS " + hash + " salt " + salt;
        } else if ("pkcs15".equals(r.mode())) {
            String algorithm = hash.replace("-", "") + "withRSA";
            ok = Signatures.verifies(algorithm, null, key, input, signature);
            what = "RSA PKCS#1 v1.5 " + hash;
        } else {
            throw new VerificationException("unknown genericrsa mode \"" + r.mode() + "\"");
        }
        if (!ok) {
            throw new VerificationException("the " + what + " signature does not verify with public_key");
        }
        return new Verified(what + " signature verified with public_key", null);
    }

    private static int number(Map<String, Object> opts, String name) throws VerificationException {
        if (opts.get(name) instanceof Number n) {
            return n.intValue();
        }
        throw new VerificationException("signer_opts has no number " + name);
    }
}
