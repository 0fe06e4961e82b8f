package dev.signet.autograph.hostile;

import dev.signet.autograph.config.SignerEntry;
import dev.signet.autograph.keys.KeySources;
import dev.signet.autograph.keys.PemKeySource;
import dev.signet.autograph.signer.FileSigner;
import dev.signet.autograph.signer.SignerException;
import dev.signet.autograph.signer.xpi.XpiConfig;
import dev.signet.autograph.signer.xpi.XpiFactory;
import dev.signet.autograph.signer.xpi.XpiTestPki;
import dev.signet.testing.hostile.ClientMessages;
import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * A real xpi signer built by its factory with the service's default limits (100000 entries, 1 GiB uncompressed),
 * on a TEST-ONLY P-256 PKI generated per run, and the one call the hostile and fuzz tests make into it.
 */
public final class HostileSigner {

    public static final String ADDON_ID = "hostile@signet.example";
    public static final long MAX_UNCOMPRESSED = 1L << 30;
    private static final Map<String, Object> OPTIONS = Map.of("id", ADDON_ID);

    private final FileSigner signer;

    private HostileSigner(FileSigner signer) {
        this.signer = signer;
    }

    public static HostileSigner create() {
        XpiTestPki pki = XpiTestPki.generate("p256");
        SignerEntry entry = new SignerEntry("xpi-hostile", "xpi", "add-on", pki.intermediateKeyPem(), null,
                pki.intermediatePem(), null, null, null, null, null, pki.rootPem(), null, null, null, null, null);
        KeySources keys = new KeySources(List.of(new PemKeySource(PemKeySource.softwareProvider("BC"))));
        return new HostileSigner((FileSigner) new XpiFactory(new Defaults()).create(entry, keys));
    }

    /** Signs an XPI as {@code /sign/file} does; bad input is a {@link SignerException} with isBadInput(). */
    public byte[] sign(byte[] xpi) throws SignerException {
        return signer.signFile(xpi, OPTIONS);
    }

    /** A refusal the client caused and can read: bad input (answered 400), prefixed, no Java internals. */
    public static void assertBadInput(SignerException e) {
        if (!e.isBadInput()) {
            throw new AssertionError("a hostile archive is the client's fault (400), not a failure: " + e.getMessage(),
                    e);
        }
        if (!e.getMessage().startsWith("xpi: ")) {
            throw new AssertionError("message without its step: " + e.getMessage());
        }
        ClientMessages.assertReadable(e.getMessage());
    }

    /** {@link XpiConfig} with its documented defaults, except no pre-generated key pool (EC keys are cheap). */
    private static final class Defaults implements XpiConfig {
        @Override
        public int keyPoolSize() {
            return 0;
        }

        @Override
        public int keyPoolThreads() {
            return 1;
        }

        @Override
        public int maxEntries() {
            return 100_000;
        }

        @Override
        public MemorySize maxUncompressedSize() {
            return new MemorySize(BigInteger.valueOf(MAX_UNCOMPRESSED));
        }
    }
}
