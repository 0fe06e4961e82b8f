package dev.signet.infra.stack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/** What {@code ./signet up} prints once everything is healthy: where each part is and how to try it. */
final class Banner {

    private Banner() {
    }

    /** The dev CA's root certificate, which every locally signed add-on chains to. */
    static Path rootCertificate(Path dataDir) {
        return dataDir.resolve("signer/dev-root.pem");
    }

    /**
     * The SHA-256 fingerprint of a PEM certificate's DER encoding, written as
     * {@code openssl x509 -noout -fingerprint -sha256} writes it, so the two can be compared by eye.
     */
    static String fingerprint(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IOException("dev root " + pem + ": not a certificate: " + e.getMessage(), e);
        }
    }

    static String text(StackSettings s, DevCredentials c, String postgresBinaries, long millis) throws IOException {
        Path root = rootCertificate(s.dataDir());
        return """

                signet is up (%d ms). Data: %s
                  amo-api           %s        (AMO signing API v3/v4, health: /q/health/ready)
                  autograph-signer  %s        (Autograph API, /__heartbeat__)
                  validator-worker  http://127.0.0.1:%d   (health only)
                  postgres          127.0.0.1:%d  (user signet, password in %s/postgres/password; %s)
                  kafka             127.0.0.1:%d
                  logs              ./signet logs [part]; state of each part: ./signet status

                dev API key: %s   (secret in %s/credentials.properties;
                  as shell variables: eval "$(./signet env)")
                dev root certificate (signed add-ons chain to it): %s
                  SHA-256 %s

                Try it (from the repository root, in another terminal):
                  curl -g -X PUT -H "Authorization: JWT $(./signet jwt)" \\
                       -F "upload=@%s/examples/hello.xpi" \\
                       %s/api/v4/addons/hello@signet.example/versions/1.0/
                  curl -g -H "Authorization: JWT $(./signet jwt)" \\
                       %s/api/v4/addons/hello@signet.example/versions/1.0/

                Ctrl-C (or ./signet down) stops everything; data is kept for the next ./signet up.
                """.formatted(millis, s.dataDir(), s.amoUrl(), s.signerUrl(), s.workerPort(), s.postgresPort(),
                s.dataDir(), postgresBinaries, s.kafkaPort(), c.amoApiKey(), s.dataDir(), root, fingerprint(root),
                s.dataDir(), s.amoUrl(), s.amoUrl());
    }
}
