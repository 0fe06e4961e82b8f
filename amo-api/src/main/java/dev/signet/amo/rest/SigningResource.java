package dev.signet.amo.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.amo.auth.Caller;
import dev.signet.amo.auth.ValidationPageToken;
import dev.signet.amo.config.AmoConfig;
import dev.signet.amo.error.AmoException;
import dev.signet.amo.longpoll.LongPoll;
import dev.signet.amo.mapping.StatusETag;
import dev.signet.amo.mapping.StatusMapper;
import dev.signet.amo.mapping.VersionStatus;
import dev.signet.amo.service.StatusService;
import dev.signet.amo.service.UploadService;
import dev.signet.amo.service.UploadThrottle;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** The AMO signing API (v3 and v4 share these handlers): upload a version, poll its status. */
@Path("/api/{api}/addons")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@JsonLines
public class SigningResource {

    private final Caller caller;
    private final UploadService uploads;
    private final StatusService statuses;
    private final AmoConfig config;
    private final UploadThrottle throttle;
    private final ValidationPageToken pageTokens;
    private final ObjectMapper json;
    private final LongPoll longPoll;

    public SigningResource(Caller caller, UploadService uploads, StatusService statuses, AmoConfig config,
            UploadThrottle throttle, ValidationPageToken pageTokens, ObjectMapper json, LongPoll longPoll) {
        this.json = json;
        this.longPoll = longPoll;
        this.pageTokens = pageTokens;
        this.throttle = throttle;
        this.caller = caller;
        this.uploads = uploads;
        this.statuses = statuses;
        this.config = config;
    }

    @PUT
    @Admitted
    @Path("/{guid}/versions/{version}")
    public Response upload(@PathParam("api") String api, @PathParam("guid") String guid,
            @PathParam("version") String version,
            @RestForm("upload") FileUpload upload, @RestForm("channel") String channel, @Context UriInfo uri,
            @Context HttpServerRequest http) {
        ApiVersions.checkSigning(api);
        long user = caller.userId();
        throttle.acquire(user, clientIp(http));
        if (upload == null || upload.uploadedFile() == null) {
            throw AmoException.badRequest("Missing \"upload\" key in multipart file data.");
        }
        UploadService.Submitted submitted = uploads.submit(user, guid, version, channel, upload.uploadedFile(),
                upload.fileName());
        // A repeat (same file again, e.g. after a lost answer) answers like the first: same upload, pollable.
        return Response.status(submitted.newAddon() ? 201 : 202).entity(status(submitted, uri, api)).build();
    }

    /** WebExtensions without an id in the URL: the id comes from the manifest, or a new {uuid} is made. */
    @POST
    @Admitted
    public Response uploadWithoutId(@PathParam("api") String api,
            @RestForm("upload") FileUpload upload, @RestForm("version") String version,
            @RestForm("channel") String channel, @Context UriInfo uri, @Context HttpServerRequest http) {
        ApiVersions.checkSigning(api);
        long user = caller.userId();
        throttle.acquire(user, clientIp(http));
        if (upload == null || upload.uploadedFile() == null) {
            throw AmoException.badRequest("Missing \"upload\" key in multipart file data.");
        }
        UploadService.Submitted submitted = uploads.submitWithoutId(user, version, channel, upload.uploadedFile(),
                upload.fileName());
        return Response.status(201).entity(status(submitted, uri, api)).build();
    }

    @GET
    @Blocking
    @Path("/{guid}/versions/{version}")
    public Uni<Response> latest(@PathParam("api") String api, @PathParam("guid") String guid,
            @PathParam("version") String version, @QueryParam("wait") String wait,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @Context UriInfo uri) {
        return status(api, guid, version, null, wait, ifNoneMatch, uri);
    }

    @GET
    @Blocking
    @Path("/{guid}/versions/{version}/uploads/{pk}")
    public Uni<Response> byUpload(@PathParam("api") String api, @PathParam("guid") String guid,
            @PathParam("version") String version, @PathParam("pk") String pk, @QueryParam("wait") String wait,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @Context UriInfo uri) {
        return status(api, guid, version, pk, wait, ifNoneMatch, uri);
    }

    /**
     * A poller that sends the ETag it has gets a 304 without a body until the document changes; with
     * {@code ?wait=N} the answer waits, up to N seconds, for that change.
     */
    private Uni<Response> status(String api, String guid, String version, String pk, String wait,
            String ifNoneMatch, UriInfo uri) {
        ApiVersions.checkSigning(api);
        long user = caller.userId();
        String base = baseUrl(uri);
        List<String> clientTags = StatusETag.ifNoneMatch(ifNoneMatch);
        return longPoll.answer(() -> statuses.status(user, guid, version, pk, base, api),
                longPoll.requestedWait(wait), clientTags).map(status -> {
                    EntityTag tag = StatusETag.of(json, status);
                    boolean unchanged = StatusETag.matchesAny(tag, clientTags);
                    return (unchanged ? Response.notModified() : Response.ok(status)).tag(tag)
                            .header("Cache-Control", "private, no-cache").build();
                });
    }

    private VersionStatus status(UploadService.Submitted submitted, UriInfo uri, String api) {
        return StatusMapper.toStatus(submitted.upload(), submitted.version(), baseUrl(uri), api,
                pageTokens.of(submitted.upload().id));
    }

    /** The client address; behind a proxy enable quarkus.http.proxy.proxy-address-forwarding. */
    private static String clientIp(HttpServerRequest http) {
        return http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
    }

    private String baseUrl(UriInfo uri) {
        return BaseUrl.of(config, uri);
    }
}
