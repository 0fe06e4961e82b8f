package dev.signet.autograph.keys;

import dev.signet.autograph.config.SignerServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.jboss.logging.Logger;

/**
 * Inline PEM private keys: PKCS#8 {@code PRIVATE KEY}, SEC1 {@code EC PRIVATE KEY}, PKCS#1 {@code RSA PRIVATE KEY};
 * other blocks such as {@code EC PARAMETERS} are skipped, as Autograph does. Keys are used with the configured
 * software provider ({@code signer.jca-provider}).
 */
@ApplicationScoped
public class PemKeySource implements KeySource {

    private static final Logger LOG = Logger.getLogger(PemKeySource.class);

    private final Provider provider;

    @Inject
    public PemKeySource(SignerServiceConfig config) {
        this(JcaProviders.install(config.jcaProvider()));
        LOG.infof("software keys sign with %s (signer.jca-provider=%s)", JcaProviders.describe(provider),
                config.jcaProvider());
    }

    /** @param provider the JCA provider for loaded keys; null for the JDK defaults */
    public PemKeySource(Provider provider) {
        this.provider = provider;
    }

    /** {@code ACCP}, {@code BC}, {@code JDK} (null: the JDK's default providers) or {@code auto}. */
    public static Provider softwareProvider(String name) {
        return JcaProviders.resolve(name);
    }

    @Override
    public String name() {
        return "pem";
    }

    @Override
    public boolean handles(String reference) {
        return reference.stripLeading().startsWith("-----BEGIN");
    }

    @Override
    public SigningKey load(String reference) throws KeyException {
        PrivateKey privateKey = null;
        PublicKey publicKey = null;
        try (PEMParser parser = new PEMParser(new StringReader(reference.strip()))) {
            Object o;
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            while ((o = parser.readObject()) != null) {
                if (o instanceof PEMKeyPair pair) {
                    privateKey = converter.getPrivateKey(pair.getPrivateKeyInfo());
                    publicKey = pair.getPublicKeyInfo() == null ? derivePublicKey(pair.getPrivateKeyInfo(), privateKey)
                            : converter.getPublicKey(pair.getPublicKeyInfo());
                    break;
                }
                if (o instanceof PrivateKeyInfo info) {
                    privateKey = converter.getPrivateKey(info);
                    publicKey = derivePublicKey(info, privateKey);
                    break;
                }
                if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new KeyException("encrypted PEM private keys are not supported");
                }
                // EC PARAMETERS, certificates and other blocks: skip.
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new KeyException("cannot parse PEM private key: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new KeyException("cannot convert PEM private key: " + e.getMessage());
        }
        if (privateKey == null) {
            throw new KeyException("no private key found in PEM");
        }
        return new SigningKey(privateKey, publicKey, provider);
    }

    private static PublicKey derivePublicKey(PrivateKeyInfo info, PrivateKey privateKey)
            throws GeneralSecurityException, IOException {
        if (privateKey instanceof RSAPrivateCrtKey rsa) {
            return KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
        }
        AlgorithmIdentifier algorithm = info.getPrivateKeyAlgorithm();
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())) {
            ECPrivateKey ec = ECPrivateKey.getInstance(info.parsePrivateKey());
            byte[] point;
            if (ec.getPublicKey() != null) {
                point = ec.getPublicKey().getBytes();
            } else {
                X9ECParameters params = ECNamedCurveTable.getByOID(
                        ASN1ObjectIdentifier.getInstance(algorithm.getParameters()));
                if (params == null) {
                    throw new GeneralSecurityException("EC key on an unnamed curve");
                }
                ECPoint q = params.getG().multiply(ec.getKey()).normalize();
                point = q.getEncoded(false);
            }
            byte[] spki = new SubjectPublicKeyInfo(algorithm, point).getEncoded();
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
        }
        throw new GeneralSecurityException("cannot derive the public key of a " + privateKey.getAlgorithm() + " key");
    }
}
