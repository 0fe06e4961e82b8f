package dev.signet.autograph.signer.gpg2;

import dev.signet.autograph.signer.MultipleFileSigner;
import dev.signet.autograph.signer.NamedFile;
import dev.signet.autograph.signer.SignerException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.openpgp.PGPException;

/**
 * {@code gpg2} in mode {@code debsign}: {@code /sign/files} clear-signs {@code .dsc}, {@code .buildinfo} and
 * {@code .changes} files as {@code debsign --re-sign} does. Existing signatures are removed first; the
 * {@code .changes} are signed last, after their checksum lines for the files re-signed in the same request
 * were updated. {@code /sign/data} only signs the monitor's string, as in Autograph.
 */
public class DebsignSigner extends Gpg2Signer implements MultipleFileSigner {

    DebsignSigner(String id, Gpg2Options options, OpenPgpKey key, String armoredPublicKey) {
        super(id, options, key, armoredPublicKey);
    }

    @Override
    public String signData(byte[] input, Map<String, Object> requestOptions) throws SignerException {
        if (!Arrays.equals(input, MONITOR_INPUT)) {
            throw SignerException.badInput("gpg2: can only sign monitor data in gpg2 mode");
        }
        return super.signData(input, requestOptions);
    }

    @Override
    public List<NamedFile> signFiles(List<NamedFile> files, Map<String, Object> options) throws SignerException {
        Set<String> names = new HashSet<>();
        for (NamedFile f : files) {
            if (!names.add(f.name())) {
                throw SignerException.badInput("gpg2: debsign: file " + f.name() + " given twice");
            }
            if (kind(f.name()) == null) {
                throw SignerException.badInput("gpg2: debsign: cannot sign " + f.name()
                        + ": only .dsc, .buildinfo and .changes files");
            }
        }
        Map<String, byte[]> signed = new HashMap<>();
        for (NamedFile f : files) {
            if (!f.name().endsWith(".changes")) {
                signed.put(f.name(), clearSign(f, ClearText.unsign(decode(f), f.name())));
            }
        }
        for (NamedFile f : files) {
            if (f.name().endsWith(".changes")) {
                List<String> lines = DebianChanges.updateChecksums(ClearText.unsign(decode(f), f.name()), signed);
                signed.put(f.name(), clearSign(f, lines));
            }
        }
        List<NamedFile> out = new ArrayList<>(files.size());
        for (NamedFile f : files) {
            out.add(new NamedFile(f.name(), signed.get(f.name())));
        }
        return out;
    }

    private static String kind(String name) {
        for (String ext : List.of(".dsc", ".buildinfo", ".changes")) {
            if (name.endsWith(ext) && name.length() > ext.length()) {
                return ext;
            }
        }
        return null;
    }

    private static String decode(NamedFile f) throws SignerException {
        try {
            return ClearText.decode(f.content(), "gpg2: debsign: " + f.name());
        } catch (IllegalArgumentException e) {
            throw SignerException.badInput(e.getMessage());
        }
    }

    private byte[] clearSign(NamedFile f, List<String> lines) throws SignerException {
        try {
            String armored = OpenPgpKey.armor(key.signCanonicalText(ClearText.canonical(lines)));
            return ClearText.frame(lines, key.hashName(), armored).getBytes(StandardCharsets.UTF_8);
        } catch (PGPException e) {
            throw SignerException.failure("gpg2: debsign: " + f.name() + ": signing failed: " + e.getMessage(), e);
        }
    }
}
