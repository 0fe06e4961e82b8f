package dev.signet.autograph.signer;

import java.util.Arrays;
import java.util.Objects;

/**
 * A named file handed to or returned by a {@link MultipleFileSigner}, decoded. The wire form (base64 content) is
 * {@code dev.signet.model.signer.NamedFile}.
 */
public record NamedFile(String name, byte[] content) {

    public NamedFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NamedFile f && name.equals(f.name) && Arrays.equals(content, f.content);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return "NamedFile[" + name + ", " + content.length + " bytes]";
    }
}
