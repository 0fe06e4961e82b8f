package dev.signet.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Checks a signed XPI with independent tools: jarsigner (JAR signature), OpenSSL (PKCS#7 to the root, SHA-256 as
 * AMO signs) and the COSE half ({@link CoseCheck}).
 */
public final class XpiVerifier {

    private XpiVerifier() {
    }

    public static void verifyWithJarsignerAndOpenssl(Path signedXpi, Path rootPem, Path work) throws Exception {
        Path dir = Files.createTempDirectory(work, "verify");
        Path rsa = extract(signedXpi, "META-INF/mozilla.rsa", dir);
        Path sf = extract(signedXpi, "META-INF/mozilla.sf", dir);
        SignAddonClientE2ETest.Tools.run(List.of("openssl", "cms", "-verify", "-binary", "-inform", "DER",
                "-in", rsa.toString(), "-content", sf.toString(), "-CAfile", rootPem.toString(), "-purpose", "any",
                "-out", dir.resolve("verified.sf").toString()), dir, Map.of(), 60);

        String cms = SignAddonClientE2ETest.Tools.run(List.of("openssl", "cms", "-cmsout", "-print", "-inform", "DER",
                "-in", rsa.toString()), dir, Map.of(), 60);
        if (!cms.contains("algorithm: sha256")) {
            throw new AssertionError("the PKCS#7 signature is not SHA-256 as AMO's:\n" + cms);
        }
        CoseCheck.verify(signedXpi, rootPem, dir);

        Path truststore = dir.resolve("dev-root.p12");
        SignAddonClientE2ETest.Tools.run(List.of("keytool", "-importcert", "-noprompt", "-alias", "signet-dev-root",
                "-file", rootPem.toString(), "-keystore", truststore.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit"), dir, Map.of(), 60);
        // Not -strict: with a keystore, -strict also demands the (per-signature) end-entity certificate itself be
        // in it. Trust in the chain is proven by OpenSSL above and by jarsigner not calling the chain invalid.
        String out = SignAddonClientE2ETest.Tools.run(List.of("jarsigner", "-verify", "-verbose", "-certs",
                "-keystore", truststore.toString(), "-storepass", "changeit", signedXpi.toString()), dir, Map.of(),
                60);
        if (!out.contains("jar verified.") || out.contains("chain is invalid") || out.contains("not validated")
                || out.contains("unsigned entries")) {
            throw new AssertionError("jarsigner did not verify the XPI:\n" + out);
        }

        Path tampered = tamper(signedXpi, dir.resolve("tampered.xpi"));
        Process check = new ProcessBuilder("jarsigner", "-verify", tampered.toString()).redirectErrorStream(true)
                .start();
        String rejected = new String(check.getInputStream().readAllBytes());
        if (check.waitFor() == 0 && rejected.contains("jar verified.")) {
            throw new AssertionError("jarsigner accepted a tampered XPI:\n" + rejected);
        }
    }

    /** A copy with one byte of background.js changed, everything else (signature files included) kept. */
    private static Path tamper(Path signed, Path target) throws IOException {
        try (ZipFile zip = new ZipFile(signed.toFile());
                java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(target))) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                byte[] content;
                try (InputStream in = zip.getInputStream(entry)) {
                    content = in.readAllBytes();
                }
                if (entry.getName().equals("background.js")) {
                    content[0] ^= 1;
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(content);
                out.closeEntry();
            }
        }
        return target;
    }

    private static Path extract(Path zipFile, String name, Path dir) throws IOException {
        try (ZipFile zip = new ZipFile(zipFile.toFile())) {
            ZipEntry entry = zip.getEntry(name);
            if (entry == null) {
                throw new AssertionError(name + " missing from " + zipFile);
            }
            Path target = dir.resolve(name.substring(name.lastIndexOf('/') + 1));
            try (InputStream in = zip.getInputStream(entry)) {
                Files.copy(in, target);
            }
            return target;
        }
    }
}
