package dev.signet.autograph.signer.xpi;

import dev.signet.autograph.config.SignerConfigException;
import dev.signet.autograph.config.SignerEntry;
import dev.signet.autograph.keys.KeyException;
import dev.signet.autograph.keys.KeySources;
import dev.signet.autograph.keys.SigningKey;
import dev.signet.autograph.signer.GoDuration;
import dev.signet.autograph.signer.Signer;
import dev.signet.autograph.signer.SignerException;
import dev.signet.autograph.signer.SignerFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * {@code type: xpi}. YAML fields (Autograph's names): {@code mode}; {@code certificate} (the intermediate CA, PEM),
 * {@code privatekey} (its key, PEM or HSM label); optional {@code cacert} (the root, PEM: the intermediate and a test
 * signature are verified against it at startup); optional {@code validity} (end-entity lifetime, default and
 * maximum 87600h, never past the intermediate's end), {@code clockskewtolerance} (backdating, default 10m),
 * {@code domain} (SAN suffix, default {@code addons.mozilla.org}), {@code recommendation} (path, states,
 * relative_start, duration; required in mode {@code add-on-with-recommendation}) and {@code rsacacheconfig}
 * (numkeys, numgenerators: the end-entity key pool).
 */
@ApplicationScoped
public class XpiFactory implements SignerFactory {

    static final Duration DEFAULT_VALIDITY = Duration.ofHours(87600);
    static final Duration DEFAULT_SKEW = Duration.ofMinutes(10);
    static final String DEFAULT_DOMAIN = "addons.mozilla.org";
    private static final Logger LOG = Logger.getLogger(XpiFactory.class);

    /** Service-wide defaults, from {@link XpiConfig}. */
    record Defaults(int keyPoolSize, int keyPoolThreads, int maxEntries, long maxUncompressedBytes) {
    }

    private final Defaults defaults;
    private final Clock clock;

    @Inject
    public XpiFactory(XpiConfig config) {
        this(new Defaults(config.keyPoolSize(), config.keyPoolThreads(), config.maxEntries(),
                config.maxUncompressedSize().asLongValue()), Clock.systemUTC());
    }

    XpiFactory(Defaults defaults, Clock clock) {
        this.defaults = defaults;
        this.clock = clock;
    }

    @Override
    public String type() {
        return XpiSigner.TYPE;
    }

    @Override
    public Signer create(SignerEntry config, KeySources keys) {
        String prefix = "signer \"" + config.id() + "\" (xpi): ";
        XpiSigner signer = null;
        try {
            XpiMode mode = XpiMode.parse(config.mode()).orElseThrow(() -> new IllegalArgumentException(
                    "mode " + (config.mode() == null ? "is missing" : "\"" + config.mode() + "\" is unknown")
                            + "; one of " + XpiMode.allowed()));
            SigningKey issuerKey = keys.load(config.privatekey());
            X509Certificate intermediate = certificate("certificate", config.certificate());
            checkIssuer(config.id(), issuerKey, intermediate);
            X509Certificate root = config.cacert() == null || config.cacert().isBlank() ? null
                    : certificate("cacert", config.cacert());
            if (root != null) {
                checkRoot(intermediate, root);
            }
            Duration validity = duration("validity", config.validity(), DEFAULT_VALIDITY);
            if (validity.isNegative() || validity.isZero() || validity.compareTo(DEFAULT_VALIDITY) > 0) {
                throw new IllegalArgumentException("validity must be positive and at most 87600h");
            }
            Duration skew = duration("clockskewtolerance", config.clockskewtolerance(), DEFAULT_SKEW);
            String domain = config.domain() == null || config.domain().isBlank() ? DEFAULT_DOMAIN : config.domain();
            KeySpec spec = KeySpec.matching(issuerKey.publicKey());
            CertificateIssuer issuer = new CertificateIssuer(intermediate, issuerKey.privateKey(),
                    issuerKey.provider(), domain, validity, skew);
            XpiSigner.Settings settings = new XpiSigner.Settings(config.id(), mode, intermediate, issuer,
                    issuerKey.provider(), spec, recommendation(mode, config.recommendation()),
                    new XpiArchive.Limits(defaults.maxEntries(), defaults.maxUncompressedBytes()));
            SignerEntry.RsaCacheConfig pool = config.rsacacheconfig();
            int capacity = pool != null && pool.numkeys() != null ? pool.numkeys() : defaults.keyPoolSize();
            int threads = pool != null && pool.numgenerators() != null ? pool.numgenerators()
                    : defaults.keyPoolThreads();
            signer = new XpiSigner(settings, new EndEntityKeys(config.id(), spec, capacity, threads), clock);
            selfTest(signer, intermediate, root);
            LOG.infof("signer %s: xpi %s, end-entity keys %s, key pool %d (%d threads)", config.id(), mode.value,
                    spec, spec.isRsa() ? capacity : 0, threads);
            return signer;
        } catch (KeyException e) {
            close(signer);
            throw new SignerConfigException(prefix + "privatekey: " + e.getMessage(), e);
        } catch (GeneralSecurityException | IllegalArgumentException | SignerException e) {
            close(signer);
            throw new SignerConfigException(prefix + e.getMessage(), e);
        }
    }

    private void checkIssuer(String id, SigningKey key, X509Certificate intermediate) throws GeneralSecurityException {
        if (!Arrays.equals(key.publicKey().getEncoded(), intermediate.getPublicKey().getEncoded())) {
            throw new GeneralSecurityException("certificate does not match privatekey");
        }
        if (intermediate.getBasicConstraints() < 0) {
            throw new GeneralSecurityException("certificate must be a CA certificate (basicConstraints CA:TRUE)");
        }
        boolean[] usage = intermediate.getKeyUsage();
        if (usage == null || !usage[5]) {
            throw new GeneralSecurityException("certificate lacks the keyCertSign key usage");
        }
        List<String> eku = intermediate.getExtendedKeyUsage();
        if (eku == null || !eku.contains("1.3.6.1.5.5.7.3.3")) {
            throw new GeneralSecurityException("certificate lacks the codeSigning extended key usage");
        }
        try {
            intermediate.checkValidity(Date.from(clock.instant()));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            // Autograph keeps signing with an expired intermediate (its issues #620/#722); so do we, loudly.
            LOG.warnf("signer %s: the xpi intermediate is not currently valid (%s); signing continues", id,
                    e.getMessage());
        }
    }

    private static void checkRoot(X509Certificate intermediate, X509Certificate root) throws GeneralSecurityException {
        try {
            root.verify(root.getPublicKey());
            intermediate.verify(root.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new GeneralSecurityException("certificate is not signed by cacert, or cacert is not self-signed");
        }
    }

    /** Signs a small sf with a real end entity and validates the chain to {@code cacert}, when given. */
    private void selfTest(XpiSigner signer, X509Certificate intermediate, X509Certificate root)
            throws GeneralSecurityException, SignerException {
        byte[] sf = "Signature-Version: 1.0\n\n".getBytes(StandardCharsets.US_ASCII);
        byte[] der = Base64.getDecoder().decode(signer.signData(sf, XpiOptions.DEFAULTS));
        if (root == null) {
            return;
        }
        X509Certificate ee = Pkcs7Certificates.signer(der);
        var path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(ee, intermediate));
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(clock.instant()));
        try {
            CertPathValidator.getInstance("PKIX").validate(path, params);
        } catch (GeneralSecurityException e) {
            if (intermediate.getNotAfter().toInstant().isAfter(clock.instant())) {
                throw new GeneralSecurityException("self-test: end-entity chain does not validate to cacert: "
                        + e.getMessage(), e);
            }
        }
    }

    private static Recommendation recommendation(XpiMode mode, SignerEntry.Recommendation r) {
        String path = r == null || r.path() == null || r.path().isBlank() ? Recommendation.DEFAULT_PATH : r.path();
        try {
            XpiArchive.checkName(path.getBytes(StandardCharsets.UTF_8));
        } catch (SignerException e) {
            throw new IllegalArgumentException("recommendation.path: " + e.getMessage());
        }
        if (path.endsWith("/") || XpiArchive.isSignatureFile(path)) {
            throw new IllegalArgumentException("recommendation.path must name a file outside the signature files");
        }
        if (mode != XpiMode.ADD_ON_WITH_RECOMMENDATION) {
            // Other signers still drop a file at the configured path, so that no add-on can smuggle one in.
            return r == null || r.path() == null || r.path().isBlank() ? null
                    : new Recommendation(path, Set.of(), Duration.ZERO, Duration.ZERO);
        }
        if (r == null) {
            throw new IllegalArgumentException("mode add-on-with-recommendation needs a recommendation block "
                    + "(states, duration)");
        }
        Set<String> states = new TreeSet<>();
        for (Map.Entry<String, Boolean> e : (r.states() == null ? Map.<String, Boolean>of() : r.states()).entrySet()) {
            if (Boolean.TRUE.equals(e.getValue())) {
                states.add(e.getKey());
            }
        }
        if (states.isEmpty()) {
            throw new IllegalArgumentException("recommendation.states must allow at least one state");
        }
        Duration start = duration("recommendation.relative_start", r.relativeStart(), Duration.ZERO);
        Duration length = duration("recommendation.duration", r.duration(), Duration.ZERO);
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("recommendation.duration must be positive");
        }
        return new Recommendation(path, Set.copyOf(states), start, length);
    }

    private static Duration duration(String field, String value, Duration fallback) {
        return value == null || value.isBlank() ? fallback : GoDuration.parse(field, value);
    }

    private static X509Certificate certificate(String field, String pem) throws GeneralSecurityException {
        if (pem == null || pem.isBlank()) {
            throw new GeneralSecurityException(field + " is required (PEM)");
        }
        Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.strip().getBytes(StandardCharsets.US_ASCII)));
        if (certs.size() != 1) {
            throw new GeneralSecurityException(field + ": expected exactly one PEM certificate, got " + certs.size());
        }
        return (X509Certificate) certs.iterator().next();
    }

    private static void close(XpiSigner signer) {
        if (signer != null) {
            signer.close();
        }
    }
}
