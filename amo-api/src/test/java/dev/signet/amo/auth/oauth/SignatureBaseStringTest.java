package dev.signet.amo.auth.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignatureBaseStringTest {

    /** RFC 5849 §3.4.1.1's request: POST /request?b5=%3D%253D&a3=a&c%40=&a2=r%20b, form body c2&a3=2+q. */
    static final OAuthRequest RFC_REQUEST = new OAuthRequest("POST", "http", "example.com", -1, "/request",
            "b5=%3D%253D&a3=a&c%40=&a2=r%20b",
            OAuthHeader.parse("OAuth realm=\"Example\","
                    + " oauth_consumer_key=\"9djdj82h48djs9d2\","
                    + " oauth_token=\"kkk9d7dh3k39sjv7\","
                    + " oauth_signature_method=\"HMAC-SHA1\","
                    + " oauth_timestamp=\"137131201\","
                    + " oauth_nonce=\"7d8f3e4a\","
                    + " oauth_signature=\"bYT5CMsGcbgUdFHObYMEfcx6bsw%3D\""),
            FormEncoding.parse("c2&a3=2+q"));

    @Test
    void theRfcExampleGivesTheRfcBaseString() {
        // RFC 5849 §3.4.1.1, its display line breaks removed.
        String expected = "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q"
                + "%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_"
                + "key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_m"
                + "ethod%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk"
                + "9d7dh3k39sjv7";
        assertEquals(expected, SignatureBaseString.of(RFC_REQUEST));
    }

    @Test
    void theRfcExampleNormalisesItsParametersAsPrinted() {
        // RFC 5849 §3.4.1.3.2.
        assertEquals("a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=&oauth_consumer_key=9dj"
                + "dj82h48djs9d2&oauth_nonce=7d8f3e4a&oauth_signature_method=HMAC-SHA1"
                + "&oauth_timestamp=137131201&oauth_token=kkk9d7dh3k39sjv7",
                SignatureBaseString.normalizedParameters(RFC_REQUEST));
    }

    @Test
    void theBaseStringUriFollowsTheRfcExamples() {
        // RFC 5849 §3.4.1.2: "GET /r%20v/X?id=123, Host: EXAMPLE.COM:80" and "GET /?q=1, Host: www.example.net:8080".
        assertEquals("http://example.com/r%20v/X", uri("HTTP", "EXAMPLE.COM", 80, "/r%20v/X"));
        assertEquals("https://www.example.net:8080/", uri("https", "www.example.net", 8080, "/"));
    }

    @Test
    void onlyTheDefaultPortOfTheSchemeIsLeftOut() {
        assertEquals("https://a.example/", uri("https", "a.example", 443, "/"));
        assertEquals("https://a.example:80/", uri("https", "a.example", 80, "/"));
        assertEquals("http://a.example:443/", uri("http", "a.example", 443, "/"));
        assertEquals("http://a.example/", uri("http", "a.example", -1, "/"));
        assertEquals("http://a.example/", uri("http", "a.example", 80, ""), "an empty path is /");
        assertEquals("http://[::1]:8080/x", uri("http", "::1", 8080, "/x"));
    }

    @Test
    void thePathIsKeptAsSent() {
        assertEquals("http://a.example/api/v5/addons/%40x/%c3%a9/", uri("http", "a.example", 80,
                "/api/v5/addons/%40x/%c3%a9/"));
    }

    @Test
    void theMethodIsUppercasedAndSignatureExcludedFromEverySource() {
        OAuthRequest request = new OAuthRequest("get", "http", "a.example", 80, "/p", "oauth_signature=q&b=1",
                List.of(Map.entry("oauth_signature", "h"), Map.entry("oauth_nonce", "n")),
                List.of(Map.entry("oauth_signature", "f")));
        assertEquals("GET&http%3A%2F%2Fa.example%2Fp&b%3D1%26oauth_nonce%3Dn", SignatureBaseString.of(request));
    }

    @Test
    void equalNamesAreOrderedByEncodedValueBytewise() {
        OAuthRequest request = new OAuthRequest("GET", "http", "a.example", 80, "/", "x=b&x=B&x=%20&x=a+&X=z",
                List.of(), List.of());
        assertEquals("X=z&x=%20&x=B&x=a%20&x=b", SignatureBaseString.normalizedParameters(request));
    }

    private static String uri(String scheme, String host, int port, String path) {
        return SignatureBaseString.baseStringUri(new OAuthRequest("GET", scheme, host, port, path, null, List.of(),
                List.of()));
    }
}
