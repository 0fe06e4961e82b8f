package dev.signet.autograph.signer.gpg2;

import dev.signet.autograph.signer.DataSigner;
import dev.signet.autograph.signer.SignerException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.bouncycastle.openpgp.PGPException;

/**
 * Autograph's {@code gpg2} (mode {@code gpg2}): {@code /sign/data} answers an armored detached OpenPGP signature
 * as plain text, like {@code gpg --armor --detach-sign}. Signs in-process with Bouncy Castle, without a lock.
 */
public class Gpg2Signer implements DataSigner {

    public static final String TYPE = "gpg2";
    static final byte[] MONITOR_INPUT = "AUTOGRAPH MONITORING".getBytes(StandardCharsets.US_ASCII);

    private final String id;
    private final Gpg2Options options;
    private final String armoredPublicKey;
    final OpenPgpKey key;

    Gpg2Signer(String id, Gpg2Options options, OpenPgpKey key, String armoredPublicKey) {
        this.id = id;
        this.options = options;
        this.key = key;
        this.armoredPublicKey = armoredPublicKey;
        try {
            key.signBinary(MONITOR_INPUT);
        } catch (PGPException e) {
            throw new IllegalArgumentException("gpg2: self-test signature failed: " + e.getMessage(), e);
        }
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
        return options.mode().wire;
    }

    /** The armored public key from the configuration, as Autograph answers it. */
    @Override
    public String publicKey() {
        return armoredPublicKey;
    }

    Gpg2Options options() {
        return options;
    }

    @Override
    public String signData(byte[] input, Map<String, Object> requestOptions) throws SignerException {
        try {
            return OpenPgpKey.armor(key.signBinary(input));
        } catch (PGPException e) {
            throw SignerException.failure("gpg2: signing failed: " + e.getMessage(), e);
        }
    }
}
