package dev.signet.monitor.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.model.signer.SignatureResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonitorClientTest {

    static final String LINE_1 = "{\"ref\":\"a\",\"type\":\"apk2\",\"mode\":\"\",\"signer_id\":\"apk\","
            + "\"public_key\":\"\",\"signed_file\":\"AQID\",\"future_field\":1}";
    static final String LINE_2 = "{\"ref\":\"b\",\"type\":\"mar\",\"mode\":\"\",\"signer_id\":\"mar\","
            + "\"public_key\":\"\",\"signature\":\"c2ln\"}";

    @Test
    void readsOneResponsePerLineAsAutographAnswers() throws Exception {
        List<SignatureResponse> r = MonitorClient.parse(bytes(LINE_1 + "\n" + LINE_2 + "\n"));
        assertEquals(List.of("apk", "mar"), r.stream().map(SignatureResponse::signerId).toList());
        assertArrayEquals(new byte[] {1, 2, 3}, r.get(0).signedFile());
        assertEquals("c2ln", r.get(1).signature());
    }

    @Test
    void readsAJsonArrayToo() throws Exception {
        List<SignatureResponse> r = MonitorClient.parse(bytes("[" + LINE_1 + "," + LINE_2 + "]"));
        assertEquals(2, r.size());
    }

    @Test
    void refusesWhatIsNotASequenceOfResponses() {
        CallException e = assertThrows(CallException.class,
                () -> MonitorClient.parse(bytes(LINE_1 + "\n{\"signed_file\":\"not base64!\"}")));
        assertTrue(e.getMessage().startsWith("the answer is not the monitor's JSON"), e.getMessage());
        assertThrows(CallException.class, () -> MonitorClient.parse(bytes("null")));
        assertThrows(CallException.class, () -> MonitorClient.parse(bytes("  \n")));
    }

    @Test
    void signsForPort443WhenTheHostHeaderCarriesNoPort() {
        // The JDK omits a scheme's default port from Host; Autograph's rule then takes 443.
        assertEquals(URI.create("http://signer:443/__monitor__"),
                MonitorClient.macUri(URI.create("http://signer/__monitor__")));
        assertEquals(URI.create("http://signer:443/__monitor__"),
                MonitorClient.macUri(URI.create("http://signer:80/__monitor__")));
        assertEquals(URI.create("https://signer:443/x/__monitor__"),
                MonitorClient.macUri(URI.create("https://signer/x/__monitor__")));
        assertEquals(URI.create("http://[::1]:8000/__monitor__"),
                MonitorClient.macUri(URI.create("http://[::1]:8000/__monitor__")));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
