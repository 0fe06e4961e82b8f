package dev.signet.monitor.verify;

import com.android.apksig.ApkVerifier;
import com.android.apksig.apk.ApkFormatException;
import com.android.apksig.util.DataSources;
import dev.signet.model.signer.SignatureResponse;
import dev.signet.monitor.chain.Certificates;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code apk2}: the signed test APK of the answer, verified by apksig (the library inside Google's
 * {@code apksigner}) for every scheme it carries. Checked as Android 4.3 (API 18) and later check it, the oldest
 * platform that accepts the ECDSA keys a signer may have. Android ignores the validity dates of APK signing
 * certificates, so they count for no expiry.
 */
public final class Apk2Verifier implements ResponseVerifier {

    private static final int MIN_PLATFORM = 18;

    @Override
    public Verified verify(SignatureResponse r) throws VerificationException {
        if (r.signedFile() == null || r.signedFile().length == 0) {
            throw new VerificationException("the answer has no signed_file");
        }
        ApkVerifier.Result result;
        try {
            result = new ApkVerifier.Builder(DataSources.asDataSource(ByteBuffer.wrap(r.signedFile())))
                    .setMinCheckedPlatformVersion(MIN_PLATFORM).build().verify();
        } catch (IOException | ApkFormatException | NoSuchAlgorithmException | RuntimeException e) {
            throw new VerificationException("signed_file is not a readable APK: " + e.getMessage());
        }
        if (!result.isVerified()) {
            List<String> errors = new ArrayList<>();
            result.getAllErrors().forEach(e -> errors.add(e.toString()));
            throw new VerificationException("the signed APK does not verify: "
                    + (errors.isEmpty() ? "no signature" : String.join("; ", errors)));
        }
        List<String> schemes = new ArrayList<>();
        if (result.isVerifiedUsingV1Scheme()) {
            schemes.add("v1");
        }
        if (result.isVerifiedUsingV2Scheme()) {
            schemes.add("v2");
        }
        if (result.isVerifiedUsingV3Scheme()) {
            schemes.add("v3");
        }
        String signer = result.getSignerCertificates().isEmpty() ? "?"
                : Certificates.name(result.getSignerCertificates().get(0));
        return new Verified("APK signature " + String.join("+", schemes) + " verified (signer \"" + signer
                + "\", not pinned)", null);
    }
}
