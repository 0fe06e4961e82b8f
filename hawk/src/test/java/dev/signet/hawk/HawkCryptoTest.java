package dev.signet.hawk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Vectors from the Hawk specification README (also reproduced with npm hawk 9.0.2). */
class HawkCryptoTest {

    static final HawkCredentials SPEC = HawkCredentials.of("dh37fgj492je", "werxhqb98rpaxn39848xrunpaw3489ruxnpa98w4rxn");
    static final URI SPEC_URI = URI.create("http://example.com:8000/resource/1?b=1&a=2");
    static final byte[] SPEC_BODY = "Thank you for flying Hawk".getBytes(StandardCharsets.UTF_8);

    @Test
    void headerMacWithoutPayload() {
        var artifacts = new HawkCrypto.Artifacts(1353832234L, "j4h3g2", "GET", "/resource/1?b=1&a=2", "example.com",
                8000, null, "some-app-ext-data", null, null);
        assertEquals("hawk.1.header\n1353832234\nj4h3g2\nGET\n/resource/1?b=1&a=2\nexample.com\n8000\n\nsome-app-ext-data\n",
                HawkCrypto.normalizedString("header", artifacts));
        assertEquals("6R4rV5iE+NPoym+WwjeHzjAGXUtLNIxmo1vpMofpLAE=", HawkCrypto.headerMac(SPEC, artifacts));
    }

    @Test
    void payloadHashAndMac() {
        assertEquals("Yi9LfIIFRtBEPt74PVmbTF/xVAwPn7ub15ePICfgnuY=", HawkCrypto.payloadHash("text/plain", SPEC_BODY));
        String header = HawkClient.header(SPEC, "POST", SPEC_URI, "text/plain", SPEC_BODY, 1353832234L, "j4h3g2",
                "some-app-ext-data");
        assertEquals("Hawk id=\"dh37fgj492je\", ts=\"1353832234\", nonce=\"j4h3g2\", "
                + "hash=\"Yi9LfIIFRtBEPt74PVmbTF/xVAwPn7ub15ePICfgnuY=\", ext=\"some-app-ext-data\", "
                + "mac=\"aSe1DERmZuRl3pI36/9BdZmnErTw3sNzOOAUlfeKjVw=\"", header);
    }

    @Test
    void streamedPayloadHashEqualsTheOneOverTheWholeBody() {
        PayloadHasher hasher = PayloadHasher.start("text/plain");
        hasher.update(SPEC_BODY, 0, 5);
        hasher.update(SPEC_BODY, 5, SPEC_BODY.length - 5);
        assertEquals("Yi9LfIIFRtBEPt74PVmbTF/xVAwPn7ub15ePICfgnuY=", hasher.finish());
    }

    @Test
    void contentTypeParametersAndCaseAreIgnoredLikeNpmHawk() {
        assertEquals(HawkCrypto.payloadHash("text/plain", SPEC_BODY),
                HawkCrypto.payloadHash(" Text/Plain; charset=UTF-8", SPEC_BODY));
        // npm hawk 9.0.2: header() with contentType "Text/Plain; charset=UTF-8" and no ext.
        String header = HawkClient.header(SPEC, "POST", SPEC_URI, "Text/Plain; charset=UTF-8", SPEC_BODY,
                1353832234L, "j4h3g2", null);
        assertEquals("Hawk id=\"dh37fgj492je\", ts=\"1353832234\", nonce=\"j4h3g2\", "
                + "hash=\"Yi9LfIIFRtBEPt74PVmbTF/xVAwPn7ub15ePICfgnuY=\", "
                + "mac=\"xMQacUaeJiezHpLu67V4Zc90BK53KGSS4VNYp2M3E3o=\"", header);
    }

    @Test
    void extIsEscapedInTheNormalizedString() {
        var artifacts = new HawkCrypto.Artifacts(1L, "n", "get", "/", "Example.COM", 443, "h", "a\\b\nc", "app",
                null);
        assertEquals("hawk.1.header\n1\nn\nGET\n/\nexample.com\n443\nh\na\\\\b\\nc\napp\n\n",
                HawkCrypto.normalizedString("header", artifacts));
    }

    @Test
    void emptyBodyAndMissingContentType() {
        // sha256("hawk.1.payload\n\n\n")
        assertEquals("B0weSUXsMcb5UhL41FZbrUJCAotzSI3HawE1NPLRUz8=", HawkCrypto.payloadHash(null, new byte[0]));
        assertEquals(HawkCrypto.payloadHash(null, null), HawkCrypto.payloadHash("", new byte[0]));
    }
}
