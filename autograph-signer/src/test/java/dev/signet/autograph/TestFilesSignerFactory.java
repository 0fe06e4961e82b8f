package dev.signet.autograph;

import dev.signet.autograph.config.SignerEntry;
import dev.signet.autograph.keys.KeySources;
import dev.signet.autograph.signer.FileSigner;
import dev.signet.autograph.signer.MultipleFileSigner;
import dev.signet.autograph.signer.NamedFile;
import dev.signet.autograph.signer.Signer;
import dev.signet.autograph.signer.SignerException;
import dev.signet.autograph.signer.SignerFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * TEST-ONLY signer type {@code testfiles}: a file-only signer (no data signing) for the {@code /sign/file},
 * {@code /sign/files} and monitor paths. "Signing" appends a marker line naming the signer; it proves routing,
 * not cryptography.
 */
@ApplicationScoped
public class TestFilesSignerFactory implements SignerFactory {

    public static final String TYPE = "testfiles";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Signer create(SignerEntry config, KeySources keys) {
        return new FilesSigner(config.id());
    }

    public static byte[] marked(String signerId, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(content);
        out.writeBytes(("\nsigned-by: " + signerId + "\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    record FilesSigner(String id) implements FileSigner, MultipleFileSigner {

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public String mode() {
            return "";
        }

        @Override
        public String publicKey() {
            return "";
        }

        @Override
        public byte[] signFile(byte[] file, Map<String, Object> options) throws SignerException {
            if (options.containsKey("fail")) {
                throw SignerException.badInput("testfiles: asked to fail");
            }
            return marked(id, file);
        }

        @Override
        public List<NamedFile> signFiles(List<NamedFile> files, Map<String, Object> options) {
            List<NamedFile> out = new ArrayList<>();
            for (NamedFile f : files) {
                out.add(new NamedFile(f.name(), marked(id, f.content())));
            }
            return out;
        }
    }
}
