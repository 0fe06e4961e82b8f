package dev.signet.hawk;

/**
 * A request whose Hawk header passed every check that does not need the body (syntax, known id, MAC, timestamp,
 * nonce not yet seen). The nonce is only recorded by {@link HawkVerifier#completeWithPayload}, once the body's
 * hash matches {@link #declaredHash()}, so a request refused for its body does not burn the nonce.
 *
 * @param declaredHash the header's {@code hash} attribute, covered by the MAC; null when the client sent none
 */
public record VerifiedHeader(String id, String nonce, long tsMillis, String declaredHash, String contentType) {
}
