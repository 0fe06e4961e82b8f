package dev.signet.autograph.signer.contentsignaturepki;

import dev.signet.autograph.config.SignerConfigException;
import dev.signet.autograph.config.SignerEntry;
import dev.signet.autograph.keys.KeyException;
import dev.signet.autograph.keys.KeySources;
import dev.signet.autograph.keys.SigningKey;
import dev.signet.autograph.signer.Signer;
import dev.signet.autograph.signer.SignerFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.jboss.logging.Logger;

/**
 * {@code type: contentsignaturepki}: {@code issuerprivkey} (intermediate key, PEM or HSM label), {@code issuercert}
 * (intermediate, PEM), {@code cacert} (root, PEM), {@code domain}, optional {@code subdomainoverride},
 * {@code validity} (default 720h), {@code clockskewtolerance} (default 10m), {@code chainlocation} (directory the
 * chain is written to), optional {@code x5u} (public base URL ending in "/"; without it the chain is served at
 * {@code /x5u/{id}/{name}} by this service). A new end-entity key and certificate are made at every start.
 */
@ApplicationScoped
public class ContentSignaturePkiFactory implements SignerFactory {

    private static final Logger LOG = Logger.getLogger(ContentSignaturePkiFactory.class);
    private static final DateTimeFormatter CHAIN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss")
            .withZone(ZoneOffset.UTC);

    @Override
    public String type() {
        return ContentSignaturePkiSigner.TYPE;
    }

    @Override
    public Signer create(SignerEntry config, KeySources keys) {
        String prefix = "signer \"" + config.id() + "\" (contentsignaturepki): ";
        try {
            PkiOptions options = PkiOptions.parse(config.id(), config.validity(), config.clockskewtolerance(),
                    config.subdomainoverride(), config.domain(), config.x5u(), config.chainlocation());
            SigningKey issuerKey = keys.load(config.issuerprivkey());
            X509Certificate intermediate = certificate("issuercert", config.issuercert());
            X509Certificate root = certificate("cacert", config.cacert());
            checkIssuer(issuerKey, intermediate, root);

            Instant now = Instant.now();
            KeyPair ee = EndEntityIssuer.newKey((ECPublicKey) issuerKey.publicKey());
            X509Certificate eeCert = EndEntityIssuer.issue(ee, intermediate, issuerKey.privateKey(),
                    issuerKey.provider(), options, now);
            List<X509Certificate> certificates = List.of(eeCert, intermediate, root);
            String chain = pem(certificates);
            String name = options.commonName() + "-" + CHAIN_TIME.format(eeCert.getNotAfter().toInstant()) + ".chain";
            Path dir = Path.of(options.chainLocation());
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name), chain, StandardCharsets.US_ASCII);
            String x5u = options.x5uBase() == null ? "/x5u/" + config.id() + "/" + name : options.x5uBase() + name;
            LOG.infof("signer %s: end-entity %s valid until %s, chain %s", config.id(), options.commonName(),
                    eeCert.getNotAfter().toInstant(), dir.resolve(name));
            return new ContentSignaturePkiSigner(config.id(),
                    new SigningKey(ee.getPrivate(), ee.getPublic(), issuerKey.provider()), x5u, name, certificates,
                    chain);
        } catch (KeyException e) {
            throw new SignerConfigException(prefix + "issuerprivkey: " + e.getMessage(), e);
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw new SignerConfigException(prefix + e.getMessage(), e);
        }
    }

    private static void checkIssuer(SigningKey issuerKey, X509Certificate intermediate, X509Certificate root)
            throws GeneralSecurityException {
        if (!(issuerKey.publicKey() instanceof ECPublicKey)) {
            throw new GeneralSecurityException("issuerprivkey must be an ECDSA key");
        }
        if (!Arrays.equals(issuerKey.publicKey().getEncoded(), intermediate.getPublicKey().getEncoded())) {
            throw new GeneralSecurityException("issuercert does not match issuerprivkey");
        }
        if (intermediate.getBasicConstraints() < 0 || root.getBasicConstraints() < 0) {
            throw new GeneralSecurityException("issuercert and cacert must be CA certificates");
        }
        intermediate.checkValidity();
        root.checkValidity();
        try {
            intermediate.verify(root.getPublicKey());
            root.verify(root.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new GeneralSecurityException("issuercert is not signed by cacert, or cacert is not self-signed");
        }
    }

    private static X509Certificate certificate(String field, String pem) throws GeneralSecurityException {
        if (pem == null || pem.isBlank()) {
            throw new GeneralSecurityException(field + " is required");
        }
        Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.strip().getBytes(StandardCharsets.US_ASCII)));
        if (certs.size() != 1) {
            throw new GeneralSecurityException(field + ": expected exactly one PEM certificate, got " + certs.size());
        }
        return (X509Certificate) certs.iterator().next();
    }

    private static String pem(List<X509Certificate> chain) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            for (X509Certificate c : chain) {
                w.writeObject(c);
            }
        }
        return out.toString();
    }
}
