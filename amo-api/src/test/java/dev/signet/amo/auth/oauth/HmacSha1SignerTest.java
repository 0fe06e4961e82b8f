package dev.signet.amo.auth.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HmacSha1SignerTest {

    private static final String CONSUMER_SECRET = "kd94hf93k423kf44";
    private static final String TOKEN_SECRET = "pfkkdhi9sl3r4s00";

    /** RFC 5849 §1.2's last request: GET http://photos.example.net/photos?file=vacation.jpg&size=original. */
    private static final OAuthRequest RFC_PHOTOS = new OAuthRequest("GET", "http", "photos.example.net", 80,
            "/photos", "file=vacation.jpg&size=original",
            OAuthHeader.parse("OAuth realm=\"Photos\","
                    + " oauth_consumer_key=\"dpf43f3p2l4k3l03\","
                    + " oauth_token=\"nnch734d00sl2jdk\","
                    + " oauth_signature_method=\"HMAC-SHA1\","
                    + " oauth_timestamp=\"137131202\","
                    + " oauth_nonce=\"chapoH\","
                    + " oauth_signature=\"MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D\""),
            List.of());

    @Test
    void theRfcPhotosExampleGivesThePublishedSignature() {
        String signature = HmacSha1Signer.sign(SignatureBaseString.of(RFC_PHOTOS), CONSUMER_SECRET, TOKEN_SECRET);
        assertEquals("MdpQcU8iPSUjWoN/UDMsK2sui9I=", signature);
    }

    @Test
    void theCommunitySpecPhotosExampleGivesItsPublishedSignature() {
        // OAuth Core 1.0 (the community spec before RFC 5849), Appendix A.5: the same request, other nonce and time.
        OAuthRequest request = new OAuthRequest("GET", "http", "photos.example.net", 80, "/photos",
                "file=vacation.jpg&size=original", List.of(
                        Map.entry("oauth_consumer_key", "dpf43f3p2l4k3l03"),
                        Map.entry("oauth_token", "nnch734d00sl2jdk"),
                        Map.entry("oauth_signature_method", "HMAC-SHA1"),
                        Map.entry("oauth_timestamp", "1191242096"),
                        Map.entry("oauth_nonce", "kllo9940pd9333jh"),
                        Map.entry("oauth_version", "1.0")), List.of());
        assertEquals("GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3D"
                + "dpf43f3p2l4k3l03%26oauth_nonce%3Dkllo9940pd9333jh%26oauth_signature_method%3DHMAC-SHA1"
                + "%26oauth_timestamp%3D1191242096%26oauth_token%3Dnnch734d00sl2jdk%26oauth_version%3D1.0"
                + "%26size%3Doriginal", SignatureBaseString.of(request));
        assertEquals("tR3+Ty81lMeYAr/Fid0kMTYa/WM=",
                HmacSha1Signer.sign(SignatureBaseString.of(request), CONSUMER_SECRET, TOKEN_SECRET));
    }

    @Test
    void theRfcFormExampleSignatureIsTheOneItsInputsGive() {
        // RFC 5849 §3.1 prints bYT5CMsGcbgUdFHObYMEfcx6bsw= for secrets j49sk3j29djd / dh893hdasih9, but its own
        // base string (§3.4.1.1) and those secrets give this value, as Python's hmac and oauthlib agree.
        String base = SignatureBaseString.of(SignatureBaseStringTest.RFC_REQUEST);
        assertEquals("r6/TJjbCOr97/+UU0NsvSne7s5g=", HmacSha1Signer.sign(base, "j49sk3j29djd", "dh893hdasih9"));
    }

    @Test
    void verifyAcceptsOnlyTheExactSignature() {
        String base = SignatureBaseString.of(RFC_PHOTOS);
        assertTrue(HmacSha1Signer.verify("MdpQcU8iPSUjWoN/UDMsK2sui9I=", base, CONSUMER_SECRET, TOKEN_SECRET));
        assertFalse(HmacSha1Signer.verify("MdpQcU8iPSUjWoN/UDMsK2sui9J=", base, CONSUMER_SECRET, TOKEN_SECRET));
        assertFalse(HmacSha1Signer.verify("MdpQcU8iPSUjWoN/UDMsK2sui9I", base, CONSUMER_SECRET, TOKEN_SECRET));
        assertFalse(HmacSha1Signer.verify("", base, CONSUMER_SECRET, TOKEN_SECRET));
        assertFalse(HmacSha1Signer.verify(null, base, CONSUMER_SECRET, TOKEN_SECRET));
        assertFalse(HmacSha1Signer.verify("MdpQcU8iPSUjWoN/UDMsK2sui9I=", base, CONSUMER_SECRET, ""));
    }

    @Test
    void secretsAreEncodedIntoTheKeyAndAnEmptyTokenSecretStillHasItsAmpersand() {
        // "a&b" + "&" must not sign like "a" + "&" + "b&": encoding keeps the key unambiguous.
        assertFalse(HmacSha1Signer.sign("x", "a&b", "").equals(HmacSha1Signer.sign("x", "a", "b&")));
        assertEquals(HmacSha1Signer.sign("x", "s", ""), HmacSha1Signer.sign("x", "s", null));
    }
}
