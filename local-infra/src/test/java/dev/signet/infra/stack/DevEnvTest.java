package dev.signet.infra.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./signet env} read back by a real shell, and the banner's fingerprint checked by OpenSSL. */
class DevEnvTest {

    @TempDir
    Path dir;

    @Test
    void exportLinesGiveTheShellTheExactValues() throws Exception {
        Map<String, String> vars = Map.of("SIGNET_API_KEY", "user:1:42", "ODD", "it's $HOME `x` \\ \"q\" ;");
        String script = DevEnv.exports(vars) + "printf '%s\\n' \"$SIGNET_API_KEY\" \"$ODD\"\n";
        Process bash = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        String out = new String(bash.getInputStream().readAllBytes());
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, bash.exitValue(), out);
        assertEquals(List.of("user:1:42", "it's $HOME `x` \\ \"q\" ;"), out.lines().toList());
    }

    @Test
    void theCredentialsOfADataDirBecomeExportsOfTheirValues() throws Exception {
        DevCredentials c = DevCredentials.loadOrCreate(dir);
        assertTrue(Files.readString(dir.resolve(DevCredentials.FILE)).contains("user\\:1\\:"), "the file escapes ':'");
        String exports = DevEnv.exports(DevEnv.variables(StackSettings.fromEnvironment(dir, dir), c));
        assertTrue(exports.contains("export SIGNET_API_KEY='" + c.amoApiKey() + "'\n"), exports);
        assertTrue(exports.contains("export WEB_EXT_API_SECRET='" + c.amoApiSecret() + "'\n"), exports);
    }

    @Test
    void theBannerFingerprintIsTheOneOpensslPrints() throws Exception {
        DevPkiTest.requireOpenssl();
        Path root = Files.writeString(dir.resolve("root.pem"), DevPki.generate("test").rootPem());
        Process openssl = new ProcessBuilder("openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in",
                root.toString()).redirectErrorStream(true).start();
        String out = new String(openssl.getInputStream().readAllBytes()).trim();
        assertTrue(openssl.waitFor(30, TimeUnit.SECONDS));
        assertEquals(out.substring(out.indexOf('=') + 1), Banner.fingerprint(root));
    }
}
