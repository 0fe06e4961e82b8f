package dev.signet.monitor.verify;

import dev.signet.monitor.chain.ChainVerifier;
import dev.signet.monitor.client.X5uFetcher;
import java.util.Map;
import java.util.Optional;

/** The verifier of each signer type the monitor knows. */
public final class Verifiers {

    private final Map<String, ResponseVerifier> byType;

    private Verifiers(Map<String, ResponseVerifier> byType) {
        this.byType = Map.copyOf(byType);
    }

    /** @param input what the signer signed for the monitor ({@code AUTOGRAPH MONITORING}) */
    public static Verifiers standard(byte[] input, X5uFetcher x5u, ChainVerifier chains) {
        return new Verifiers(Map.of(
                "contentsignature", new ContentSignatureVerifier(input, false, x5u, chains),
                "contentsignaturepki", new ContentSignatureVerifier(input, true, x5u, chains),
                "xpi", new XpiVerifier(input, chains),
                "mar", new MarVerifier(input),
                "genericrsa", new GenericRsaVerifier(input),
                "gpg2", new Gpg2Verifier(input),
                "apk2", new Apk2Verifier(),
                "authenticode", new AuthenticodeVerifier(chains)));
    }

    public Optional<ResponseVerifier> forType(String type) {
        return Optional.ofNullable(type == null ? null : byType.get(type));
    }
}
