package io.placebench.ingest.rest;

import io.placebench.ingest.config.UploadsConfig;
import io.placebench.ingest.domain.TooLargeException;
import io.placebench.ingest.service.ResultImportService;
import io.placebench.ingest.service.ResultImportService.Source;
import io.placebench.ingest.service.Views.ResultsImportReport;
import io.placebench.ingest.service.Views.ResultsImportRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.PartType;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Imports published results (IMAGEO-Bench result JSONL files with the dataset's info CSV) as completed runs. */
@Path("/api/results/imports")
@Produces(MediaType.APPLICATION_JSON)
public class ResultResource {

    @Inject
    ResultImportService results;

    @Inject
    UploadsConfig uploads;

    /** Files on this server: {"format","datasetId","truth","results":[...],"promptId"}. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public ResultsImportReport importPaths(ResultsImportRequest request) {
        if (request == null) {
            throw new io.placebench.ingest.service.ApiException(400, "request body is required");
        }
        return results.importPaths(request.format(), request.datasetId(), request.truth(), request.results(),
                request.promptId());
    }

    /** Uploaded files: parts {@code truth} (one file), {@code results} (one or more files), and text parts. */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public ResultsImportReport importUploads(@RestForm("truth") FileUpload truth,
            @RestForm("results") List<FileUpload> files,
            @RestForm("format") @PartType(MediaType.TEXT_PLAIN) String format,
            @RestForm("datasetId") @PartType(MediaType.TEXT_PLAIN) String datasetId,
            @RestForm("promptId") @PartType(MediaType.TEXT_PLAIN) String promptId) {
        List<FileUpload> uploaded = files == null ? List.of() : files;
        if (uploaded.size() > uploads.maxFiles()) {
            throw new TooLargeException("results", uploads.maxFiles(), uploaded.size() + " result files, above the "
                    + "limit of " + uploads.maxFiles() + " per request (placebench.uploads.max-files)");
        }
        return results.importSources(format, datasetId,
                truth == null ? null : new Source(truth.uploadedFile(), truth.fileName()),
                uploaded.stream().map(f -> new Source(f.uploadedFile(), f.fileName())).toList(), promptId);
    }
}
