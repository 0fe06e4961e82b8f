package dev.signet.amo.v5;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.amo.auth.Caller;
import dev.signet.amo.config.AmoConfig;
import dev.signet.amo.error.AmoException;
import dev.signet.amo.rest.BaseUrl;
import dev.signet.amo.rest.BlobCopy;
import dev.signet.amo.rest.JsonLines;
import dev.signet.amo.rest.Authenticated;
import dev.signet.blob.BlobStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * {@code /api/v5/addons/addon/}: add-ons and their versions, made from processed uploads. {@code ref} is an add-on's
 * id, slug or guid; a version's is its id or {@code v<number>}.
 */
@Path("/api/v5/addons/addon")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@JsonLines
public class AddonsResource {

    private final Caller caller;
    private final SubmissionService submissions;
    private final AmoConfig config;
    private final BlobStore blobs;

    public AddonsResource(Caller caller, SubmissionService submissions, AmoConfig config, BlobStore blobs) {
        this.caller = caller;
        this.submissions = submissions;
        this.config = config;
        this.blobs = blobs;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonNode body, @Context UriInfo uri) {
        return Response.status(201).entity(submissions.create(caller.userId(), body, base(uri)).addon()).build();
    }

    @PUT
    @Path("/{guid}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createOrUpdate(@PathParam("guid") String guid, JsonNode body, @Context UriInfo uri) {
        SubmissionService.Made made = submissions.createOrUpdate(caller.userId(), guid, body, base(uri));
        return Response.status(made.created() ? 201 : 200).entity(made.addon()).build();
    }

    @GET
    @Path("/{ref}")
    public AddonDetail detail(@PathParam("ref") String ref, @Context UriInfo uri) {
        return submissions.get(caller.userId(), ref, base(uri));
    }

    @PATCH
    @Path("/{ref}")
    @Consumes(MediaType.APPLICATION_JSON)
    public AddonDetail patch(@PathParam("ref") String ref, JsonNode body, @Context UriInfo uri) {
        return submissions.patch(caller.userId(), ref, body, base(uri));
    }

    @GET
    @Path("/{ref}/versions")
    public Page<VersionDetail> versions(@PathParam("ref") String ref, @QueryParam("page") String page,
            @QueryParam("page_size") String pageSize, @Context UriInfo uri) {
        String base = base(uri);
        return submissions.versions(caller.userId(), ref, PageParams.page(page), PageParams.size(pageSize),
                base + uri.getPath().replaceAll("/+$", "") + "/", base);
    }

    @POST
    @Path("/{ref}/versions")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createVersion(@PathParam("ref") String ref, JsonNode body, @Context UriInfo uri) {
        return Response.status(201).entity(submissions.createVersion(caller.userId(), ref, body, base(uri)))
                .build();
    }

    @GET
    @Path("/{ref}/versions/{version}")
    public VersionDetail version(@PathParam("ref") String ref, @PathParam("version") String version,
            @Context UriInfo uri) {
        return submissions.version(caller.userId(), ref, version, base(uri));
    }

    @PATCH
    @Path("/{ref}/versions/{version}")
    @Consumes(MediaType.APPLICATION_JSON)
    public VersionDetail patchVersion(@PathParam("ref") String ref, @PathParam("version") String version,
            JsonNode body, @Context UriInfo uri) {
        return submissions.patchVersion(caller.userId(), ref, version, body, base(uri));
    }

    /** web-ext's {@code --upload-source-code}: multipart {@code source}. */
    @PATCH
    @Path("/{ref}/versions/{version}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public VersionDetail attachSource(@PathParam("ref") String ref, @PathParam("version") String version,
            @RestForm("source") FileUpload source, @Context UriInfo uri) {
        if (source == null || source.uploadedFile() == null) {
            throw AmoException.field(400, "source", "No file was submitted.");
        }
        return submissions.attachSource(caller.userId(), ref, version, source.uploadedFile(), source.fileName(),
                base(uri));
    }

    @DELETE
    @Path("/{ref}/versions/{version}")
    public Response delete(@PathParam("ref") String ref, @PathParam("version") String version) {
        submissions.deleteVersion(caller.userId(), ref, version);
        return Response.noContent().build();
    }

    @GET
    @Path("/{ref}/versions/{version}/source")
    @Produces(MediaType.WILDCARD)
    public Response source(@PathParam("ref") String ref, @PathParam("version") String version) {
        SubmissionService.Source source = submissions.source(caller.userId(), ref, version);
        StreamingOutput body = out -> BlobCopy.copy(blobs, source.key(), 0, source.size(), out);
        return Response.ok(body).type(MediaType.APPLICATION_OCTET_STREAM)
                .header("Content-Length", source.size())
                .header("Content-Disposition", "attachment; filename=\"" + source.name() + "\"").build();
    }

    private String base(UriInfo uri) {
        return BaseUrl.of(config, uri);
    }
}
