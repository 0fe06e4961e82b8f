package dev.signet.autograph.signer.apk2;

import com.android.apksig.ApkSigner;
import com.android.apksig.ApkVerifier;
import com.android.apksig.apk.ApkFormatException;
import com.android.apksig.util.DataSinks;
import com.android.apksig.util.DataSources;
import com.android.apksig.util.ReadableDataSink;
import dev.signet.autograph.keys.SigningKey;
import dev.signet.autograph.signer.FileSigner;
import dev.signet.autograph.signer.SignerException;
import dev.signet.autograph.signer.TestFileProvider;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Autograph's {@code apk2}: signs a whole APK with JAR (v1) and APK Signature Scheme v2 signatures, plus v3 in
 * mode {@code v3enabled}, in-process with Google's apksig (Autograph runs the apksigner JVM per request). Min SDK
 * 9 for RSA and 18 for ECDSA, as Autograph passes to apksigner. The signed APK is verified before it is returned.
 */
public class Apk2Signer implements FileSigner, TestFileProvider {

    public static final String TYPE = "apk2";
    /** The v1 signature file base name ({@code META-INF/CERT.SF}, {@code CERT.RSA}), as apksigner's default. */
    static final String SIGNER_NAME = "CERT";

    private final String id;
    private final Apk2Options options;
    private final ApkSigner.SignerConfig signerConfig;
    private final X509Certificate certificate;
    private final int minSdk;

    public Apk2Signer(String id, SigningKey key, X509Certificate certificate, Apk2Options options) {
        if (!Arrays.equals(certificate.getPublicKey().getEncoded(), key.publicKey().getEncoded())) {
            throw new IllegalArgumentException("apk2: certificate does not match privatekey");
        }
        if (key.privateKey().getEncoded() == null) {
            throw new IllegalArgumentException("apk2: apksig needs a software (PEM) key, not an HSM key");
        }
        if (key.publicKey() instanceof RSAPublicKey rsa) {
            if (rsa.getModulus().bitLength() < 2048) {
                throw new IllegalArgumentException("apk2: RSA key of " + rsa.getModulus().bitLength()
                        + " bits is too small (minimum 2048)");
            }
            this.minSdk = 9;
        } else if (key.publicKey() instanceof ECPublicKey) {
            this.minSdk = 18;
        } else {
            throw new IllegalArgumentException("apk2: the key must be RSA or ECDSA, got "
                    + key.publicKey().getAlgorithm());
        }
        this.id = id;
        this.options = options;
        this.certificate = certificate;
        this.signerConfig = new ApkSigner.SignerConfig.Builder(SIGNER_NAME, key.privateKey(), List.of(certificate))
                .build();
        try {
            signFile(unsignedTestApk(), Map.of());
        } catch (SignerException e) {
            throw new IllegalArgumentException("apk2: self-test signature failed: " + e.getMessage(), e);
        }
    }

    /** The monitor's file: {@link #unsignedTestApk()}. */
    @Override
    public byte[] testFile() {
        return unsignedTestApk();
    }

    /** A tiny unsigned APK, signed at startup and by the monitor. */
    public static byte[] unsignedTestApk() {
        return MinimalApk.build(Map.of("assets/monitor.txt",
                "AUTOGRAPH MONITORING".getBytes(StandardCharsets.US_ASCII)));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<X509Certificate> certificates() {
        return List.of(certificate);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String mode() {
        return options.wireMode();
    }

    /** Autograph answers "" for apk2. */
    @Override
    public String publicKey() {
        return "";
    }

    @Override
    public byte[] signFile(byte[] apk, Map<String, Object> requestOptions) throws SignerException {
        ReadableDataSink out = DataSinks.newInMemoryDataSink(apk.length + 16 * 1024);
        try {
            new ApkSigner.Builder(List.of(signerConfig))
                    .setInputApk(DataSources.asDataSource(ByteBuffer.wrap(apk)))
                    .setOutputApk(out)
                    .setMinSdkVersion(minSdk)
                    .setV1SigningEnabled(true)
                    .setV2SigningEnabled(true)
                    .setV3SigningEnabled(options.v3Enabled())
                    .setV4SigningEnabled(false)
                    .setCreatedBy("Signet apk2")
                    .build()
                    .sign();
        } catch (ApkFormatException | IllegalArgumentException | IllegalStateException e) {
            throw SignerException.badInput("apk2: not a signable APK: " + e.getMessage());
        } catch (IOException | GeneralSecurityException e) {
            throw SignerException.failure("apk2: signing failed: " + e.getMessage(), e);
        }
        byte[] signed = toBytes(out);
        verify(signed);
        return signed;
    }

    private void verify(byte[] signed) throws SignerException {
        try {
            ApkVerifier.Result r = new ApkVerifier.Builder(DataSources.asDataSource(ByteBuffer.wrap(signed)))
                    .setMinCheckedPlatformVersion(minSdk).build().verify();
            if (!r.isVerified() || !r.isVerifiedUsingV1Scheme() || !r.isVerifiedUsingV2Scheme()
                    || r.isVerifiedUsingV3Scheme() != options.v3Enabled()) {
                throw SignerException.failure("apk2: the signed APK does not verify: " + r.getAllErrors(), null);
            }
        } catch (IOException | ApkFormatException | NoSuchAlgorithmException e) {
            throw SignerException.failure("apk2: cannot verify the signed APK: " + e.getMessage(), e);
        }
    }

    private static byte[] toBytes(ReadableDataSink sink) throws SignerException {
        try {
            ByteBuffer b = sink.getByteBuffer(0, Math.toIntExact(sink.size()));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (IOException | ArithmeticException e) {
            throw SignerException.failure("apk2: cannot read the signed APK: " + e.getMessage(), e);
        }
    }
}
