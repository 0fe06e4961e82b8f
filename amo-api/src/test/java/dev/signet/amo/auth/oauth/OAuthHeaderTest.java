package dev.signet.amo.auth.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OAuthHeaderTest {

    /** RFC 5849 §3.5.1's example, with its line breaks. */
    private static final String RFC_EXAMPLE = """
            OAuth realm="Example",
               oauth_consumer_key="0685bd9184jfhq22",
               oauth_token="ad180jjd733klru7",
               oauth_signature_method="HMAC-SHA1",
               oauth_signature="wOJIO9A2W5mFwDgiDvZbTSMK%2FPY%3D",
               oauth_timestamp="137131200",
               oauth_nonce="4572616e48616d6d65724c61686176",
               oauth_version="1.0\"""".replace("\n", "");

    @Test
    void theRfcExampleParsesWithoutRealmAndWithDecodedValues() {
        assertEquals(List.of(
                Map.entry("oauth_consumer_key", "0685bd9184jfhq22"),
                Map.entry("oauth_token", "ad180jjd733klru7"),
                Map.entry("oauth_signature_method", "HMAC-SHA1"),
                Map.entry("oauth_signature", "wOJIO9A2W5mFwDgiDvZbTSMK/PY="),
                Map.entry("oauth_timestamp", "137131200"),
                Map.entry("oauth_nonce", "4572616e48616d6d65724c61686176"),
                Map.entry("oauth_version", "1.0")), OAuthHeader.parse(RFC_EXAMPLE));
    }

    @Test
    void theSchemeIsCaseInsensitiveAndWhitespaceIsOptional() {
        List<Map.Entry<String, String>> expected = List.of(Map.entry("a", "1"), Map.entry("b", ""));
        assertEquals(expected, OAuthHeader.parse("OAuth a=\"1\",b=\"\""));
        assertEquals(expected, OAuthHeader.parse("oauth   a=\"1\" ,\tb = \"\"  "));
        assertEquals(expected, OAuthHeader.parse("OAUTH\ta=\"1\", realm=\"x\", b=\"\""));
        assertEquals(List.of(), OAuthHeader.parse("OAuth"));
        assertEquals(List.of(), OAuthHeader.parse("OAuth realm=\"Photos\""));
    }

    @Test
    void namesAndValuesArePercentDecoded() {
        assertEquals(List.of(Map.entry("oauth_nonce", "a b+é")),
                OAuthHeader.parse("OAuth oauth%5Fnonce=\"a%20b+%C3%A9\""));
    }

    @Test
    void duplicateParametersAreRefused() {
        assertReason("Duplicate OAuth parameter oauth_nonce.", "OAuth oauth_nonce=\"a\", oauth_nonce=\"a\"");
        assertReason("Duplicate OAuth parameter oauth%5Fnonce.", "OAuth oauth_nonce=\"a\", oauth%5Fnonce=\"b\"");
        assertReason("Duplicate OAuth parameter realm.", "OAuth realm=\"a\", realm=\"b\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "OAuth oauth_nonce=abc",
        "OAuth oauth_nonce='abc'",
        "OAuth oauth_nonce=\"abc",
        "OAuth oauth_nonce=\"a\" oauth_token=\"b\"",
        "OAuth oauth_nonce=\"a\"\"\"",
        "OAuth oauth_nonce=\"a\\\"b\"",
        "OAuth oauth_nonce=\"a%zz\"",
        "OAuth oauth_nonce=\"é\"",
        "OAuth oauth_nonce=\"a\nb\"",
        "OAuth =\"a\"",
        "OAuth oauth_nonce",
        "OAuth ,oauth_nonce=\"a\"",
        "OAuth oauth_nonce=\"a\",,b=\"c\""
    })
    void malformedHeadersAreRefused(String header) {
        assertReason("Malformed OAuth Authorization header.", header);
    }

    @Test
    void otherSchemesAreNotOAuth() {
        assertReason("The Authorization header does not use the OAuth scheme.", "Bearer abc");
        assertReason("The Authorization header does not use the OAuth scheme.", "OAuthx a=\"1\"");
        assertReason("Malformed OAuth Authorization header.", null);
        assertTrue(OAuthHeader.isOAuth("oauth realm=\"x\""));
        assertTrue(OAuthHeader.isOAuth("OAuth"));
        assertFalse(OAuthHeader.isOAuth("JWT abc"));
        assertFalse(OAuthHeader.isOAuth("OAuth2 abc"));
        assertFalse(OAuthHeader.isOAuth(null));
    }

    private static void assertReason(String reason, String header) {
        assertEquals(reason, assertThrows(OAuthException.class, () -> OAuthHeader.parse(header)).reason());
    }
}
