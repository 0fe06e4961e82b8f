package dev.signet.autograph.signer;

import java.util.List;
import java.util.Map;

/**
 * {@code /sign/files}: 1 to 32 named files signed together (e.g. a Debian {@code .dsc}, {@code .changes} and
 * {@code .buildinfo}). Names are already checked against {@link FileNames} before the signer is called.
 */
public interface MultipleFileSigner extends Signer {

    /** Returns the signed files, in the order the signer chooses (Autograph's debsign keeps request order). */
    List<NamedFile> signFiles(List<NamedFile> files, Map<String, Object> options) throws SignerException;
}
