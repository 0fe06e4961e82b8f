package dev.signet.amo.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The SSRF rule on literal addresses (no DNS needed) and the URL syntax rules. */
class TargetGuardTest {

    private final TargetGuard strict = new TargetGuard(false);

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/", "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/",
        "http://[::1]/", "http://localhost:8080/", "https://172.16.5.4/", "https://192.168.1.1/", "http://0.0.0.0/",
        "http://100.64.0.1/", "http://[fe80::1]/", "http://[fc00::1]/", "http://[fd12:3456::1]/",
        "http://224.0.0.1/", "http://255.255.255.255/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:10.1.2.3]/",
        "http://[2002:a00:1::]/", "http://[::]/", "http://[ff02::1]/"})
    void internalTargetsAreRefused(String url) {
        TargetGuard.Refused refused = assertThrows(TargetGuard.Refused.class, () -> strict.check(url));
        assertTrue(refused.getMessage().contains("internal addresses"), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://93.184.216.34/hook", "http://93.184.216.34:8080/x?y=1",
        "https://[2606:2800:220:1:248:1893:25c8:1946]/hook", "https://8.8.8.8/"})
    void publicAddressesAreAccepted(String url) {
        assertEquals(URI.create(url), strict.check(url));
    }

    @Test
    void theSwitchLetsInternalTargetsThrough() {
        TargetGuard lenient = new TargetGuard(true);
        assertEquals(URI.create("http://127.0.0.1:9999/hook"), lenient.check("http://127.0.0.1:9999/hook"));
        assertEquals(URI.create("http://[::1]/"), lenient.check("http://[::1]/"));
    }

    @Test
    void malformedUrlsAreRefusedInWords() {
        TargetGuard lenient = new TargetGuard(true);
        assertEquals("This field is required.", message(lenient, null));
        assertEquals("This field may not be blank.", message(lenient, "  "));
        assertEquals("Enter an http or https URL (https is strongly recommended).", message(lenient, "ftp://a.b/"));
        assertEquals("Enter an http or https URL (https is strongly recommended).", message(lenient, "/relative"));
        assertEquals("Enter a valid URL.", message(lenient, "http://exa mple.com/"));
        assertEquals("Enter a valid URL.", message(lenient, "http:///nohost"));
        assertEquals("Enter a URL without user name, password or #fragment.",
                message(lenient, "https://user:pw@93.184.216.34/"));
        assertEquals("Ensure this field has no more than 2000 characters.",
                message(lenient, "https://93.184.216.34/" + "a".repeat(2000)));
        assertTrue(message(lenient, "https://no-such-host.invalid/").contains("does not resolve"));
    }

    private static String message(TargetGuard guard, String url) {
        return assertThrows(TargetGuard.Refused.class, () -> guard.check(url)).getMessage();
    }
}
