package dev.signet.autograph.signer.xpi;

import dev.signet.autograph.signer.DataSigner;
import dev.signet.autograph.signer.FileSigner;
import dev.signet.autograph.signer.SignerException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Firefox add-on signing. {@code /sign/file} runs a straight line of named steps, each failing with its name as
 * context: read the archive, recommendation file, manifest, COSE, signature file, PKCS#7, repack. Every signature
 * uses a fresh end-entity key and certificate issued by the configured intermediate, and is checked before it is
 * returned. {@code /sign/data} signs a client-built {@code mozilla.sf}.
 */
public final class XpiSigner implements DataSigner, FileSigner, AutoCloseable {

    public static final String TYPE = "xpi";

    /** What the signer was configured with, after validation. */
    record Settings(String id, XpiMode mode, X509Certificate intermediate, CertificateIssuer issuer,
            Provider provider, KeySpec issuerKeySpec, Recommendation recommendation, XpiArchive.Limits limits) {
    }

    private record EndEntity(X509Certificate certificate, KeyPair key) {
    }

    private final Settings settings;
    private final EndEntityKeys keys;
    private final Clock clock;

    XpiSigner(Settings settings, EndEntityKeys keys, Clock clock) {
        this.settings = settings;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public String id() {
        return settings.id();
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String mode() {
        return settings.mode().value;
    }

    /** Empty, as Autograph's: the end-entity certificate is in each signature. */
    @Override
    public String publicKey() {
        return "";
    }

    /** The intermediate: every end-entity certificate is issued by it and is capped at its expiry. */
    @Override
    public List<X509Certificate> certificates() {
        return List.of(settings.intermediate());
    }

    @Override
    public Map<String, Object> defaultOptions() {
        return XpiOptions.DEFAULTS;
    }

    @Override
    public String signData(byte[] signatureFile, Map<String, Object> options) throws SignerException {
        XpiOptions o = XpiOptions.forData(options, settings.mode());
        Instant now = clock.instant();
        return Base64.getEncoder().encodeToString(pkcs7(signatureFile, o, now));
    }

    @Override
    public byte[] signFile(byte[] xpi, Map<String, Object> options) throws SignerException {
        Recommendation rec = settings.recommendation();
        try (XpiArchive archive = XpiArchive.read(xpi, settings.limits(), rec == null ? null : rec.path())) {
            Signed signed = sign(archive, options);
            return archive.write(signed.added(), signed.timeMillis());
        }
    }

    /** The large-file path: the archive is read through a FileChannel and the signed one written to a file. */
    @Override
    public void signFile(Path input, Path output, Map<String, Object> options) throws SignerException {
        Recommendation rec = settings.recommendation();
        FileChannel channel;
        try {
            channel = FileChannel.open(input, StandardOpenOption.READ);
        } catch (IOException e) {
            throw SignerException.failure("xpi: opening input: " + e.getMessage(), e);
        }
        try (XpiArchive archive = XpiArchive.read(channel, settings.limits(), rec == null ? null : rec.path())) {
            Signed signed = sign(archive, options);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), 64 * 1024)) {
                archive.write(signed.added(), signed.timeMillis(), out);
            } catch (IOException e) {
                throw SignerException.failure("xpi: writing output: " + e.getMessage(), e);
            }
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                // read-only channel: nothing is lost
            }
        }
    }

    private record Signed(List<XpiArchive.Added> added, long timeMillis) {
    }

    private Signed sign(XpiArchive archive, Map<String, Object> options) throws SignerException {
        XpiOptions o = XpiOptions.forFile(options, settings.mode());
        Instant now = clock.instant();
        List<XpiArchive.Added> content = recommendationFile(o, now);
        JarManifest.Built manifest = JarManifest.build(archive.entries(), content);
        List<XpiArchive.Added> cose = cose(manifest.bytes(), o, now);
        List<XpiArchive.Added> pkcs7Extra = new ArrayList<>(content);
        pkcs7Extra.addAll(cose);
        JarManifest.Built pkcs7Manifest = cose.isEmpty() ? manifest
                : JarManifest.build(archive.entries(), pkcs7Extra);
        byte[] signatureFile = JarManifest.signatureFile(pkcs7Manifest);
        byte[] pkcs7 = pkcs7(signatureFile, o, now);

        List<XpiArchive.Added> added = new ArrayList<>(pkcs7Extra);
        added.add(new XpiArchive.Added(JarManifest.MANIFEST, pkcs7Manifest.bytes()));
        added.add(new XpiArchive.Added(JarManifest.SIGNATURE_FILE, signatureFile));
        added.add(new XpiArchive.Added(JarManifest.PKCS7, pkcs7));
        return new Signed(added, now.toEpochMilli());
    }

    /** Step: the recommendation file, in {@code add-on-with-recommendation} mode. */
    private List<XpiArchive.Added> recommendationFile(XpiOptions o, Instant now) throws SignerException {
        if (settings.mode() != XpiMode.ADD_ON_WITH_RECOMMENDATION) {
            return List.of();
        }
        Recommendation rec = settings.recommendation();
        return List.of(new XpiArchive.Added(rec.path(), rec.file(o.commonName(), o.recommendations(), now)));
    }

    /** Step: {@code cose.manifest} and {@code cose.sig}, one end entity per algorithm, checked after signing. */
    private List<XpiArchive.Added> cose(byte[] manifest, XpiOptions o, Instant now) throws SignerException {
        if (o.coseAlgorithms().isEmpty()) {
            return List.of();
        }
        try {
            List<CoseSign.Signer> signers = new ArrayList<>();
            for (CoseAlgorithm alg : o.coseAlgorithms()) {
                EndEntity ee = endEntity(o.commonName(), alg.keySpec(settings.issuerKeySpec()), now);
                signers.add(new CoseSign.Signer(alg, ee.certificate(), ee.key().getPrivate()));
            }
            byte[] sig = CoseSign.sign(manifest, settings.intermediate(), signers, settings.provider());
            CoseVerifier.verify(sig, manifest, settings.intermediate());
            return List.of(new XpiArchive.Added(JarManifest.COSE_MANIFEST, manifest),
                    new XpiArchive.Added(JarManifest.COSE_SIG, sig));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw SignerException.failure("xpi: cose.sig: " + e.getMessage(), e);
        }
    }

    /** Step: {@code mozilla.rsa}, the detached PKCS#7 over {@code mozilla.sf}, verified before it is returned. */
    private byte[] pkcs7(byte[] signatureFile, XpiOptions o, Instant now) throws SignerException {
        try {
            EndEntity ee = endEntity(o.commonName(), settings.issuerKeySpec(), now);
            byte[] der = Pkcs7.sign(signatureFile, o.digest(), ee.certificate(), ee.key().getPrivate(),
                    settings.provider(), settings.intermediate(), Date.from(now));
            Pkcs7.verify(der, signatureFile, ee.certificate());
            return der;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw SignerException.failure("xpi: mozilla.rsa: " + e.getMessage(), e);
        }
    }

    private EndEntity endEntity(String commonName, KeySpec spec, Instant now) throws GeneralSecurityException {
        KeyPair key = keys.take(spec);
        X509Certificate cert = settings.issuer().issue(commonName, settings.mode().organizationalUnit,
                key.getPublic(), now);
        return new EndEntity(cert, key);
    }

    /** The end-entity key pool for the issuer's key type (for tests and the benchmark). */
    KeyPool issuerKeyPool() {
        return keys.pool(settings.issuerKeySpec());
    }

    @Override
    public void close() {
        keys.close();
    }
}
