package dev.signet.amo.v5;

import dev.signet.amo.auth.Caller;
import dev.signet.amo.config.AmoConfig;
import dev.signet.amo.error.AmoException;
import dev.signet.amo.rest.Admitted;
import dev.signet.amo.rest.BaseUrl;
import dev.signet.amo.rest.JsonLines;
import dev.signet.amo.rest.Authenticated;
import dev.signet.amo.service.UploadThrottle;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** {@code /api/v5/addons/upload/}: files to validate (and sign) before a version is made of them. */
@Path("/api/v5/addons/upload")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@JsonLines
public class UploadsResource {

    private final Caller caller;
    private final SubmissionService submissions;
    private final UploadThrottle throttle;
    private final AmoConfig config;

    public UploadsResource(Caller caller, SubmissionService submissions, UploadThrottle throttle, AmoConfig config) {
        this.caller = caller;
        this.submissions = submissions;
        this.throttle = throttle;
        this.config = config;
    }

    @POST
    @Admitted
    public Response create(@RestForm("upload") FileUpload upload, @RestForm("channel") String channel,
            @Context UriInfo uri, @Context HttpServerRequest http) {
        long user = caller.userId();
        throttle.acquire(user, http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress());
        if (upload == null || upload.uploadedFile() == null) {
            throw AmoException.field(400, "upload", "No file was submitted.");
        }
        return Response.status(201).entity(submissions.upload(user, channel, upload.uploadedFile(),
                upload.fileName(), BaseUrl.of(config, uri))).build();
    }

    @GET
    public Page<UploadObject> list(@QueryParam("page") String page, @QueryParam("page_size") String pageSize,
            @Context UriInfo uri) {
        String base = BaseUrl.of(config, uri);
        return submissions.uploadList(caller.userId(), PageParams.page(page), PageParams.size(pageSize),
                base + "/api/v5/addons/upload/", base);
    }

    @GET
    @Path("/{uuid}")
    public UploadObject detail(@PathParam("uuid") String uuid, @Context UriInfo uri) {
        return submissions.uploadDetail(caller.userId(), uuid, BaseUrl.of(config, uri));
    }
}
