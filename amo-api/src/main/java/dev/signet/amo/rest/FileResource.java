package dev.signet.amo.rest;

import dev.signet.amo.auth.Caller;
import dev.signet.amo.service.DownloadService;
import dev.signet.blob.BlobStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.Optional;

/**
 * {@code GET /api/v4/file/{id}/{name}} (v3 and v5 too: the v5 {@code file.url}): the signed XPI, streamed, with
 * single-range support.
 */
@Path("/api/{api}/file/{fileId}")
@Authenticated
public class FileResource {

    private static final String XPI = "application/x-xpinstall";

    private final Caller caller;
    private final DownloadService downloads;
    private final BlobStore blobs;

    public FileResource(Caller caller, DownloadService downloads, BlobStore blobs) {
        this.caller = caller;
        this.downloads = downloads;
        this.blobs = blobs;
    }

    @GET
    @Path("{name: .*}")
    public Response download(@PathParam("api") String api, @PathParam("fileId") String fileId,
            @HeaderParam("Range") String range) {
        long user = caller.userId();
        long id;
        try {
            id = Long.parseLong(fileId);
        } catch (NumberFormatException e) {
            throw new jakarta.ws.rs.NotFoundException();
        }
        DownloadService.SignedDownload file = downloads.find(user, id);
        Optional<ByteRange> part;
        try {
            part = ByteRange.parse(range, file.size());
        } catch (IllegalArgumentException e) {
            return Response.status(416).header("Content-Range", "bytes */" + file.size()).build();
        }
        long start = part.map(ByteRange::start).orElse(0L);
        long length = part.map(ByteRange::length).orElse(file.size());
        StreamingOutput body = out -> BlobCopy.copy(blobs, file.fileKey(), start, length, out);
        Response.ResponseBuilder response = Response.status(part.isPresent() ? 206 : 200).entity(body)
                .type(XPI)
                .header("Content-Length", length)
                .header("Accept-Ranges", "bytes")
                .header("Content-Disposition", "attachment; filename=\"" + file.fileName() + "\"")
                .header("X-Target-Digest", "sha256:" + file.sha256())
                .header("Cache-Control", "private, max-age=86400");
        part.ifPresent(r -> response.header("Content-Range",
                "bytes " + r.start() + "-" + r.endInclusive() + "/" + file.size()));
        return response.build();
    }
}
