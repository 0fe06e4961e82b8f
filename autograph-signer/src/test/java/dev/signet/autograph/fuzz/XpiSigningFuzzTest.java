package dev.signet.autograph.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.signet.autograph.hostile.HostileSigner;
import dev.signet.autograph.signer.SignerException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The xpi signer's archive reading on arbitrary bytes as the {@code /sign/file} input: it signs, or refuses with a
 * bad-input {@link SignerException} (a 400 with a readable {@code xpi: } message). A failure that would be a 500,
 * any other exception, or a signed result that is not itself a sound, signable XPI is a finding. Seeds: small XPIs
 * under {@code XpiSigningFuzzTestInputs/sign/}.
 */
class XpiSigningFuzzTest {

    private static final HostileSigner SIGNER = HostileSigner.create();

    @FuzzTest(maxDuration = "10s")
    @DictionaryEntries({"PK\\x03\\x04", "PK\\x01\\x02", "PK\\x05\\x06", "PK\\x06\\x06", "PK\\x06\\x07",
            "PK\\x07\\x08", "manifest.json", "META-INF/", "META-INF/manifest.mf", "META-INF/cose.sig", "../", "//"})
    void sign(byte[] xpi) throws IOException {
        byte[] signed;
        try {
            signed = SIGNER.sign(xpi);
        } catch (SignerException e) {
            HostileSigner.assertBadInput(e);
            return;
        }
        assertSignedArchive(signed);
        try {
            // The output is what Firefox installs and what a re-submission sends back: it must read as cleanly.
            assertSignedArchive(SIGNER.sign(signed));
        } catch (SignerException e) {
            throw new AssertionError("the signer refused its own output: " + e.getMessage(), e);
        }
    }

    private static void assertSignedArchive(byte[] signed) throws IOException {
        boolean signature = false;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(signed))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                signature |= e.getName().equals("META-INF/mozilla.rsa");
            }
        }
        if (!signature) {
            throw new AssertionError("signed archive without META-INF/mozilla.rsa");
        }
    }
}
