package dev.signet.autograph;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Starts the signer. Turns off the HTTP layer's strict URI check, which answers an empty, non-JSON 400 to raw
 * braces and other characters {@code curl -g} sends unencoded; {@code HttpLimits} checks request targets instead
 * and answers malformed ones with the JSON error. Tests set the same property in the surefire configuration.
 */
@QuarkusMain
public final class SignerMain {

    private SignerMain() {
    }

    public static void main(String... args) {
        System.setProperty("vertx.disableURIValidation", "true");
        Quarkus.run(args);
    }
}
