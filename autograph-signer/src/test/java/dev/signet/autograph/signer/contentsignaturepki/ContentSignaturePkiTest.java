package dev.signet.autograph.signer.contentsignaturepki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.autograph.TestKeys;
import dev.signet.autograph.TestPki;
import dev.signet.autograph.config.SignerConfigException;
import dev.signet.autograph.config.SignerEntry;
import dev.signet.autograph.keys.KeySources;
import dev.signet.autograph.keys.PemKeySource;
import dev.signet.autograph.signer.contentsignature.Ecdsa;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentSignaturePkiTest {

    static TestPki pki;
    static final KeySources KEYS = new KeySources(List.of(new PemKeySource(PemKeySource.softwareProvider("BC"))));
    static final byte[] DATA = "{\"data\":[],\"last_modified\":\"1603992731957\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    @BeforeAll
    static void pki() {
        pki = TestPki.generate();
    }

    SignerEntry entry(String x5u, String subdomain, String issuerCert) {
        return new SignerEntry("remote-settings", "contentsignaturepki", null, null, null, null, null, null, x5u,
                TestKeys.pkcs8Pem(pki.intermediateKey()), issuerCert, TestPki.pem(pki.root()),
                tmp.resolve("chains").toString(), "720h", "10m", subdomain, "content-signature.test");
    }

    @Test
    void issuesAChainFirefoxAcceptsAndServesItsX5u() throws Exception {
        ContentSignaturePkiSigner s = (ContentSignaturePkiSigner) new ContentSignaturePkiFactory()
                .create(entry("https://cdn.example.test/chains/", null, TestPki.pem(pki.intermediate())), KEYS);
        assertEquals("contentsignaturepki", s.type());
        assertEquals("p384ecdsa", s.mode());
        assertTrue(s.chainName().startsWith("remote-settings.content-signature.test-"), s.chainName());
        assertEquals("https://cdn.example.test/chains/" + s.chainName(), s.x5u());
        Path chainFile = tmp.resolve("chains").resolve(s.chainName());
        assertTrue(Files.isRegularFile(chainFile));

        String sig = s.signData(DATA, Map.of());
        byte[] rootHash = MessageDigest.getInstance("SHA-256").digest(pki.root().getEncoded());
        FirefoxContentSignatureVerifier.verify(s.chainPem(), rootHash, "remote-settings.content-signature.test", DATA,
                sig);
        AssertionError wrongHost = assertThrows(AssertionError.class, () -> FirefoxContentSignatureVerifier.verify(
                s.chainPem(), rootHash, "normandy.content-signature.test", DATA, sig));
        assertTrue(wrongHost.getMessage().contains("SAN"));

        List<X509Certificate> chain = new ArrayList<>();
        CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(s.chainPem()))
                .forEach(c -> chain.add((X509Certificate) c));
        X509Certificate ee = chain.get(0);
        long days = (ee.getNotAfter().getTime() - ee.getNotBefore().getTime()) / 86_400_000L;
        assertEquals(30, days);

        Path root = Files.writeString(tmp.resolve("root.pem"), TestPki.pem(pki.root()));
        Path inter = Files.writeString(tmp.resolve("inter.pem"), TestPki.pem(chain.get(1)));
        Path eePem = Files.writeString(tmp.resolve("ee.pem"), TestPki.pem(ee));
        openssl("verify", "-purpose", "any", "-CAfile", root.toString(), "-untrusted", inter.toString(),
                eePem.toString());
        Path pub = Files.writeString(tmp.resolve("ee-pub.pem"), TestPki.pem(ee.getPublicKey()));
        Path sigDer = Files.write(tmp.resolve("sig.der"), Ecdsa.p1363ToDer(Base64.getUrlDecoder().decode(sig)));
        Path data = Files.write(tmp.resolve("data"), concat("Content-Signature:\0".getBytes(StandardCharsets.US_ASCII),
                DATA));
        openssl("dgst", "-sha384", "-verify", pub.toString(), "-signature", sigDer.toString(), data.toString());
    }

    @Test
    void withoutX5uTheChainIsServedLocallyAndSubdomainOverrideSetsTheName() {
        ContentSignaturePkiSigner s = (ContentSignaturePkiSigner) new ContentSignaturePkiFactory()
                .create(entry(null, "normandy", TestPki.pem(pki.intermediate())), KEYS);
        assertTrue(s.chainName().startsWith("normandy.content-signature.test-"));
        assertEquals("/x5u/remote-settings/" + s.chainName(), s.x5u());
    }

    @Test
    void refusesAnIssuerThatDoesNotMatchOrChain() {
        String m = assertThrows(SignerConfigException.class, () -> new ContentSignaturePkiFactory()
                .create(entry(null, null, TestPki.pem(pki.root())), KEYS)).getMessage();
        assertTrue(m.startsWith("signer \"remote-settings\" (contentsignaturepki): issuercert does not match"), m);
        SignerEntry noDomain = new SignerEntry("x", "contentsignaturepki", null, null, null, null, null, null, null,
                null, null, null, tmp.toString(), null, null, null, null);
        assertTrue(assertThrows(SignerConfigException.class, () -> new ContentSignaturePkiFactory()
                .create(noDomain, KEYS)).getMessage().contains("domain is required"));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static void openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
    }
}
