package dev.signet.autograph.rest;

import dev.signet.autograph.signer.CertificateChainSigner;
import dev.signet.autograph.signer.Signer;
import dev.signet.autograph.signer.SignerRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /x5u/{signerId}/{name}}: the current certificate chain of a signer that has one. Only that exact
 * file is served (Autograph serves the whole directory, listing included).
 */
@Path("/x5u/{signerId}/{name}")
public class X5uResource {

    private final SignerRegistry registry;

    public X5uResource(SignerRegistry registry) {
        this.registry = registry;
    }

    @GET
    public Response chain(@PathParam("signerId") String signerId, @PathParam("name") String name) {
        Signer signer = registry.get(signerId);
        if (!(signer instanceof CertificateChainSigner chain) || !chain.chainName().equals(name)) {
            throw new NotFoundException();
        }
        return Response.ok(chain.chainPem(), "application/x-pem-file").build();
    }
}
