package dev.signet.autograph.signer.xpi;

import java.util.Arrays;
import java.util.Optional;

/** Signer modes and the end-entity OU Firefox reads to classify the add-on. */
enum XpiMode {
    ADD_ON("add-on", "Production", null),
    ADD_ON_WITH_RECOMMENDATION("add-on-with-recommendation", "Production", null),
    EXTENSION("extension", "Mozilla Extensions", null),
    SYSTEM_ADD_ON("system add-on", "Mozilla Components", null),
    HOTFIX("hotfix", "Production", "firefox-hotfix@mozilla.org");

    final String value;
    final String organizationalUnit;
    /** A CN forced regardless of {@code options.id}, or null. */
    final String fixedCommonName;

    XpiMode(String value, String organizationalUnit, String fixedCommonName) {
        this.value = value;
        this.organizationalUnit = organizationalUnit;
        this.fixedCommonName = fixedCommonName;
    }

    static Optional<XpiMode> parse(String value) {
        return Arrays.stream(values()).filter(m -> m.value.equals(value)).findFirst();
    }

    static String allowed() {
        return Arrays.stream(values()).map(m -> "\"" + m.value + "\"").toList().toString();
    }
}
