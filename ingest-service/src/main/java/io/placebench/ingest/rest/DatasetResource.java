package io.placebench.ingest.rest;

import io.placebench.ingest.domain.EntityTags;
import io.placebench.ingest.domain.Thumbnailer;
import io.placebench.ingest.service.DatasetService;
import io.placebench.ingest.service.ImportService;
import io.placebench.ingest.service.ThumbnailService;
import io.placebench.ingest.service.Views.DatasetRequest;
import io.placebench.ingest.service.Views.DatasetView;
import io.placebench.ingest.service.Views.ImagePage;
import io.placebench.ingest.service.Views.ImportReport;
import io.placebench.ingest.service.Views.ImportRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.PartType;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Datasets, their images and thumbnails, manifest imports (server folder, uploaded manifest, zip archive) and
 * single uploads.
 */
@Path("/api/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {

    @Inject
    DatasetService datasets;

    @Inject
    ImportService imports;

    @Inject
    ThumbnailService thumbnails;

    /**
     * Thumbnails are named by (dataset, image), not by their bytes, and names outlive a wiped store or a new
     * rendering: caches keep them but ask again ({@code no-cache}), and the ETag answers 304 without decoding.
     */
    static final String THUMBNAIL_CACHE_CONTROL = "no-cache";

    /** 201 when created, 200 when the same dataset already exists, 409 when it exists with other values. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(DatasetRequest request) {
        DatasetService.Created created = datasets.create(request);
        return Response.status(created.created() ? 201 : 200).entity(created.dataset()).build();
    }

    @GET
    public List<DatasetView> list() {
        return datasets.list();
    }

    @GET
    @Path("/{id}")
    public DatasetView get(@PathParam("id") String id) {
        return datasets.get(id);
    }

    /** Images in image-id order; {@code limit} 1..1000 (default 100). */
    @GET
    @Path("/{id}/images")
    public ImagePage images(@PathParam("id") String id, @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        return datasets.images(id, offset, limit);
    }

    /**
     * Imports a manifest from a folder on this server's filesystem ({@code folder}, {@code manifest},
     * {@code format}, {@code mapping}); the report lists every rejected row.
     */
    @POST
    @Path("/{id}/imports")
    @Consumes(MediaType.APPLICATION_JSON)
    public ImportReport importFolder(@PathParam("id") String id, ImportRequest request) {
        return imports.importFolder(id, request);
    }

    /**
     * Imports an uploaded manifest (part {@code manifest}) with an optional zip archive of the images (part
     * {@code archive}; without a manifest part the archive's {@code manifestName}, default manifest.csv, is
     * read). Rows without an image in the archive may name a {@code url} that ingest fetches.
     */
    @POST
    @Path("/{id}/imports")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public ImportReport importUpload(@PathParam("id") String id,
            @RestForm("manifest") FileUpload manifest,
            @RestForm("archive") FileUpload archive,
            @RestForm("manifestName") @PartType(MediaType.TEXT_PLAIN) String manifestName,
            @RestForm("format") @PartType(MediaType.TEXT_PLAIN) String format,
            @RestForm("mapping") @PartType(MediaType.TEXT_PLAIN) String mapping) {
        return imports.importUpload(id, manifest == null ? null : manifest.uploadedFile(),
                manifest == null ? null : manifest.fileName(), archive == null ? null : archive.uploadedFile(),
                manifestName, format, mapping);
    }

    /** One image as multipart/form-data: 201 when stored, 200 when the identical image was already there. */
    @POST
    @Path("/{id}/images")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@PathParam("id") String datasetId,
            @RestForm("file") FileUpload file,
            @RestForm("id") @PartType(MediaType.TEXT_PLAIN) String imageId,
            @RestForm("latitude") @PartType(MediaType.TEXT_PLAIN) String latitude,
            @RestForm("longitude") @PartType(MediaType.TEXT_PLAIN) String longitude,
            @RestForm("city") @PartType(MediaType.TEXT_PLAIN) String city,
            @RestForm("admin1") @PartType(MediaType.TEXT_PLAIN) String admin1,
            @RestForm("country") @PartType(MediaType.TEXT_PLAIN) String country) {
        ImportService.Uploaded uploaded = imports.upload(datasetId, file == null ? null : file.uploadedFile(),
                file == null ? null : file.fileName(), imageId, latitude, longitude, city, admin1, country);
        return Response.status(uploaded.created() ? 201 : 200).entity(uploaded.image()).build();
    }

    /**
     * The image as a small JPEG for the web page: upright by its EXIF orientation, longer side at most
     * {@code size}, without any metadata (EXIF, GPS, XMP, ICC, comments). Image ids may contain slashes.
     */
    @GET
    @Path("/{id}/images/{imageId: .+}/thumbnail")
    @Produces({"image/jpeg", MediaType.APPLICATION_JSON})
    @Operation(summary = "An image's thumbnail: upright, scaled, baseline JPEG without any metadata",
            description = "Decoded, turned upright by its EXIF orientation, scaled so that its longer side is at"
                    + " most `size` pixels (never enlarged) and re-encoded as a baseline JPEG carrying no EXIF,"
                    + " GPS, XMP, ICC or comment. `ETag` names the bytes, size and rendering;"
                    + " `Cache-Control: no-cache`; `If-None-Match` answers 304.")
    @APIResponse(responseCode = "200", description = "the thumbnail", content = @Content(mediaType = "image/jpeg"))
    @APIResponse(responseCode = "304", description = "unchanged since the ETag given in If-None-Match")
    @APIResponse(responseCode = "400", description = "size out of range, or a malformed dataset id")
    @APIResponse(responseCode = "404", description = "unknown dataset or image, or an image known only by its truth")
    @APIResponse(responseCode = "415", description = "ingest has no decoder for the stored format (WebP)")
    @APIResponse(responseCode = "422", description = "the stored bytes cannot be decoded or are above the limits")
    public Response thumbnail(@Parameter(description = "the dataset") @PathParam("id") String datasetId,
            @Parameter(description = "the image (may contain slashes)") @PathParam("imageId") String imageId,
            @Parameter(description = "longest side in pixels, " + Thumbnailer.MIN_SIZE
                    + " to " + Thumbnailer.MAX_SIZE + " (default "
                    + Thumbnailer.DEFAULT_SIZE + ")") @QueryParam("size") String size,
            @Parameter(hidden = true) @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        ThumbnailService.Source source = thumbnails.source(datasetId, imageId, size);
        String etag = source.etag();
        if (EntityTags.matches(ifNoneMatch, etag)) {
            return Response.notModified().header(HttpHeaders.ETAG, etag)
                    .header(HttpHeaders.CACHE_CONTROL, THUMBNAIL_CACHE_CONTROL).build();
        }
        return Response.ok(thumbnails.render(source), "image/jpeg")
                .header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.CACHE_CONTROL, THUMBNAIL_CACHE_CONTROL)
                .build();
    }
}
