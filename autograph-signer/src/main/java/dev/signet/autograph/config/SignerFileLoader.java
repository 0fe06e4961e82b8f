package dev.signet.autograph.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and validates the signer YAML; every error names the file and the entry at fault. */
public final class SignerFileLoader {

    /** Autograph's signer id rule. */
    public static final Pattern SIGNER_ID = Pattern.compile("^[a-zA-Z0-9-_]{1,64}$");
    /** Autograph's authorization id rule (also the {@code /auths/{id}/keyids} path rule). */
    public static final Pattern AUTH_ID = Pattern.compile("^[a-zA-Z0-9-_]{1,255}$");
    public static final String MONITOR_ID = "monitor";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private SignerFileLoader() {
    }

    public static SignerFile load(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new SignerConfigException("signer.config-file: " + path + " does not exist or is not a file");
        }
        SignerFile file;
        try {
            file = YAML.readValue(path.toFile(), SignerFile.class);
        } catch (UnrecognizedPropertyException e) {
            throw new SignerConfigException(path + ": unknown key \"" + e.getPropertyName() + "\" at "
                    + e.getPathReference());
        } catch (JsonProcessingException e) {
            throw new SignerConfigException(path + ": cannot parse YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()), e);
        } catch (IOException e) {
            throw new SignerConfigException(path + ": cannot read: " + e.getMessage(), e);
        }
        if (file == null) {
            throw new SignerConfigException(path + ": empty file");
        }
        validate(path, file);
        return file;
    }

    static void validate(Path path, SignerFile file) {
        if (file.signers().isEmpty()) {
            throw new SignerConfigException(path + ": no signers configured");
        }
        Set<String> signerIds = new HashSet<>();
        for (int i = 0; i < file.signers().size(); i++) {
            SignerEntry s = file.signers().get(i);
            String where = path + ": signers[" + i + "]";
            if (s == null || s.id() == null || !SIGNER_ID.matcher(s.id()).matches()) {
                throw new SignerConfigException(where + ": id " + (s == null ? null : quote(s.id()))
                        + " must match " + SIGNER_ID.pattern());
            }
            if (MONITOR_ID.equals(s.id())) {
                throw new SignerConfigException(where + ": signer id \"monitor\" is reserved");
            }
            if (!signerIds.add(s.id())) {
                throw new SignerConfigException(where + ": duplicate signer id " + quote(s.id()));
            }
            if (s.type() == null || s.type().isBlank()) {
                throw new SignerConfigException(where + " (" + s.id() + "): missing type");
            }
        }
        boolean monitoring = file.monitoring() != null && file.monitoring().key() != null
                && !file.monitoring().key().isEmpty();
        Set<String> authIds = new HashSet<>();
        for (int i = 0; i < file.authorizations().size(); i++) {
            SignerFile.AuthorizationEntry a = file.authorizations().get(i);
            String where = path + ": authorizations[" + i + "]";
            if (a == null || a.id() == null || !AUTH_ID.matcher(a.id()).matches()) {
                throw new SignerConfigException(where + ": id " + (a == null ? null : quote(a.id()))
                        + " must match " + AUTH_ID.pattern());
            }
            where = where + " (" + a.id() + ")";
            if (monitoring && MONITOR_ID.equals(a.id())) {
                throw new SignerConfigException(where + ": id \"monitor\" is reserved for the monitoring user");
            }
            if (!authIds.add(a.id())) {
                throw new SignerConfigException(where + ": duplicate authorization id");
            }
            if (a.key() == null || a.key().isEmpty()) {
                throw new SignerConfigException(where + ": missing key");
            }
            if (a.signers().isEmpty()) {
                throw new SignerConfigException(where + ": at least one signer is required");
            }
            Set<String> seen = new HashSet<>();
            for (String signer : a.signers()) {
                if (!signerIds.contains(signer)) {
                    throw new SignerConfigException(where + ": unknown signer " + quote(signer));
                }
                if (!seen.add(signer)) {
                    throw new SignerConfigException(where + ": signer " + quote(signer) + " listed twice");
                }
            }
        }
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }
}
