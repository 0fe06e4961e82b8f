package dev.signet.worker.client;

import java.util.Map;

/**
 * {@link SignerClientTest} with {@code worker.signer.raw-files=false}: Autograph's own JSON {@code /sign/file},
 * what a worker sends to a signer that is Autograph itself.
 */
class AutographFormSignerClientTest extends SignerClientTest {

    @Override
    Map<String, String> form() {
        return Map.of("worker.signer.raw-files", "false");
    }

    @Override
    boolean expectRaw() {
        return false;
    }
}
