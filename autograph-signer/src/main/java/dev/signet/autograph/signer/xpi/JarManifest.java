package dev.signet.autograph.signer.xpi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The JAR metadata Firefox verifies: {@code META-INF/manifest.mf} with SHA-1 and SHA-256 digests of every entry
 * and {@code META-INF/mozilla.sf} with the digests of the manifest, in Autograph's layout ({@code \n} line ends, an
 * empty line after each section, long lines wrapped with a leading space on continuations exactly where Autograph
 * wraps them, so that our manifests are byte-identical to Autograph's for the same add-on).
 *
 * <p>One addition to Autograph's {@code mozilla.sf}: after its main section (byte-identical to Autograph's) come the
 * JAR specification's per-entry sections (the digests of each manifest section). Firefox reads only the main
 * section's {@code SHA*-Digest-Manifest} and ignores the rest; standard JAR verifiers such as {@code jarsigner}
 * need the per-entry sections to check the entries at all (without them, and with SHA-1 disabled for JARs, they
 * check neither the manifest nor the entries).
 */
final class JarManifest {

    /** A built manifest and where each entry's section lies in it (for the per-entry signature file sections). */
    record Built(byte[] bytes, List<Section> sections) {
    }

    record Section(String name, int offset, int length) {
    }

    static final String MANIFEST = "META-INF/manifest.mf";
    static final String SIGNATURE_FILE = "META-INF/mozilla.sf";
    static final String PKCS7 = "META-INF/mozilla.rsa";
    static final String COSE_MANIFEST = "META-INF/cose.manifest";
    static final String COSE_SIG = "META-INF/cose.sig";

    private static final int FIRST_LINE = 71;
    private static final int CONTINUATION = 70;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<Section> sections = new ArrayList<>();

    private JarManifest() {
        this("Manifest-Version: 1.0");
        out.write('\n');
    }

    private JarManifest(String versionHeader) {
        line(versionHeader);
    }

    /** The manifest of the content entries (and of extra files such as the COSE ones, appended in order). */
    static Built build(List<XpiArchive.Entry> entries, List<XpiArchive.Added> extra) {
        JarManifest m = new JarManifest();
        for (XpiArchive.Entry e : entries) {
            m.section(e.name(), e.sha1(), e.sha256());
        }
        for (XpiArchive.Added a : extra) {
            m.section(a.name(), digest("SHA-1", a.content()), digest("SHA-256", a.content()));
        }
        return new Built(m.out.toByteArray(), List.copyOf(m.sections));
    }

    /**
     * {@code mozilla.sf}: Autograph's main section with the digests of the whole manifest, then one section per
     * entry with the digests of its manifest section (bytes from {@code Name:} through the empty line).
     */
    static byte[] signatureFile(Built manifest) {
        byte[] mf = manifest.bytes();
        JarManifest sf = new JarManifest("Signature-Version: 1.0");
        sf.line("SHA1-Digest-Manifest: " + b64(digest("SHA-1", mf)));
        sf.line("SHA256-Digest-Manifest: " + b64(digest("SHA-256", mf)));
        sf.out.write('\n');
        MessageDigest sha1 = messageDigest("SHA-1");
        MessageDigest sha256 = messageDigest("SHA-256");
        for (Section s : manifest.sections()) {
            sha1.update(mf, s.offset(), s.length());
            sha256.update(mf, s.offset(), s.length());
            sf.line("Name: " + s.name());
            sf.line("SHA1-Digest: " + b64(sha1.digest()));
            sf.line("SHA256-Digest: " + b64(sha256.digest()));
            sf.out.write('\n');
        }
        return sf.out.toByteArray();
    }

    private void section(String name, byte[] sha1, byte[] sha256) {
        int start = out.size();
        line("Name: " + name);
        line("Digest-Algorithms: SHA1 SHA256");
        line("SHA1-Digest: " + b64(sha1));
        line("SHA256-Digest: " + b64(sha256));
        out.write('\n');
        sections.add(new Section(name, start, out.size() - start));
    }

    /**
     * Writes one header wrapped as Autograph wraps it: at most 71 bytes on the first line and a space plus 70 bytes on
     * each continuation, so every line is at most 72 bytes counting its newline. Like Autograph it cuts at a byte
     * count, even inside a UTF-8 sequence: Firefox and the JDK join continuation bytes before decoding the name,
     * and cutting elsewhere would make our manifest differ from Autograph's for names with non-ASCII characters.
     */
    private void line(String header) {
        byte[] b = header.getBytes(StandardCharsets.UTF_8);
        int pos = 0;
        int room = FIRST_LINE;
        while (b.length - pos > room) {
            out.write(b, pos, room);
            out.write('\n');
            out.write(' ');
            pos += room;
            room = CONTINUATION;
        }
        out.write(b, pos, b.length - pos);
        out.write('\n');
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    static byte[] digest(String algorithm, byte[] data) {
        return messageDigest(algorithm).digest(data);
    }

    private static MessageDigest messageDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
