package dev.signet.amo;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Starts amo-api. Turns off the HTTP layer's strict URI check, which answers an empty 400 to the raw braces
 * {@code curl -g} sends for {@code {uuid}} add-on ids (AMO accepts them); HttpLayerErrors checks URIs instead,
 * braces allowed. Tests set the same property in the surefire configuration.
 */
@QuarkusMain
public final class AmoApiMain {

    public static void main(String... args) {
        System.setProperty("vertx.disableURIValidation", "true");
        Quarkus.run(args);
    }
}
