package dev.signet.autograph.signer;

import java.util.List;
import java.util.Map;

/** {@code /sign/files}: several named files signed together (e.g. a Debian upload); answers the signed files. */
public interface MultipleFileSigner extends Signer {

    List<NamedFile> signFiles(List<NamedFile> files, Map<String, Object> options) throws SignerException;
}
