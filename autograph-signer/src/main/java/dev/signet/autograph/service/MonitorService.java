package dev.signet.autograph.service;

import dev.signet.autograph.rest.ApiException;
import dev.signet.autograph.signer.DataSigner;
import dev.signet.autograph.signer.FileSigner;
import dev.signet.autograph.signer.Signer;
import dev.signet.autograph.signer.SignerException;
import dev.signet.autograph.signer.SignerRegistry;
import dev.signet.model.signer.SignatureResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jboss.logging.Logger;

/** Signs the monitoring string with every signer; also the signer check behind readiness and heartbeat. */
@ApplicationScoped
public class MonitorService {

    public static final byte[] MONITORING_INPUT = "AUTOGRAPH MONITORING".getBytes(StandardCharsets.US_ASCII);
    private static final Logger LOG = Logger.getLogger(MonitorService.class);

    private final SignerRegistry registry;

    public MonitorService(SignerRegistry registry) {
        this.registry = registry;
    }

    /** One response per signer in config order; any failure is a 500 naming the failing signers. */
    public List<SignatureResponse> signAll(String requestHost) {
        List<SignatureResponse> out = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Signer s : registry.all()) {
            try {
                out.add(signOne(s, requestHost));
            } catch (SignerException | RuntimeException e) {
                LOG.errorf(e, "monitor: signer %s failed", s.id());
                failed.add(s.id());
            }
        }
        if (!failed.isEmpty()) {
            throw new ApiException(500, "errors encountered during signing with: " + String.join(", ", failed));
        }
        return out;
    }

    /** Signer ids whose monitoring signature fails (empty when all work). */
    public List<String> failingSigners() {
        List<String> failed = new ArrayList<>();
        for (Signer s : registry.all()) {
            try {
                signOne(s, null);
            } catch (SignerException | RuntimeException e) {
                LOG.warnf(e, "health: signer %s failed", s.id());
                failed.add(s.id());
            }
        }
        return failed;
    }

    private static SignatureResponse signOne(Signer s, String requestHost) throws SignerException {
        String signature = null;
        String signedFile = null;
        if (s instanceof DataSigner d) {
            signature = d.signData(MONITORING_INPUT, s.defaultOptions());
        } else if (s instanceof FileSigner f) {
            signedFile = Base64.getEncoder().encodeToString(f.signFile(MONITORING_INPUT, s.defaultOptions()));
        }
        return new SignatureResponse(SigningService.newRef(), s.type(), s.mode(), s.id(), s.publicKey(), signature,
                signedFile, null, SigningService.x5u(s, requestHost), s.signerOpts());
    }
}
