package io.placebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngestCommandTest extends ApiTestSupport {

    /** A report with 25 rejected rows (row 3 has two problems). */
    private static String reportWithRejections() {
        StringBuilder rejected = new StringBuilder("{\"row\":3,\"field\":\"latitude\",\"value\":\"abc\",\"reason\":"
                + "\"latitude must be a number\"},{\"row\":3,\"field\":\"file\",\"value\":null,\"reason\":"
                + "\"file is required\"}");
        for (int row = 10; row < 34; row++) {
            rejected.append(",{\"row\":").append(row).append(",\"field\":\"id\",\"value\":\"x\",\"reason\":"
                    + "\"duplicate id in this manifest\"}");
        }
        return "{\"datasetId\":\"mine\",\"format\":\"osv5m\",\"rows\":1000,\"accepted\":960,\"duplicates\":15,"
                + "\"rejectedRows\":25,\"rejected\":[" + rejected + "]}";
    }

    @Test
    void folderImportSendsTheJsonIngestExpectsAndListsTheFirst20RejectedRows() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("images"));
        api.on("POST /ingest/api/datasets/mine/imports", 200, reportWithRejections());

        int code = run("ingest", "mine", "--folder", folder.toString(), "--manifest", "train.csv", "--format", "osv5m",
                "--map", "id=IMG_ID", "--map", "latitude=LAT", "--map", "city=", "--token", "t0ken");

        assertEquals(0, code, output());
        FakeApi.Request request = api.only("POST /ingest/api/datasets/mine/imports");
        assertEquals("Bearer t0ken", request.header("Authorization"));
        assertEquals("application/json", request.header("Content-Type"));
        JsonNode body = json(request.body());
        assertEquals(folder.toAbsolutePath().normalize().toString(), body.path("folder").asText());
        assertEquals("train.csv", body.path("manifest").asText());
        assertEquals("osv5m", body.path("format").asText());
        assertEquals(json("{\"id\":\"IMG_ID\",\"latitude\":\"LAT\",\"city\":\"\"}"), body.path("mapping"));

        String printed = out();
        assertTrue(printed.contains("Imported into dataset 'mine' (format osv5m): 1000 rows, 960 accepted, "
                + "15 duplicates, 25 rejected"), printed);
        assertTrue(printed.contains("row 3: latitude 'abc': latitude must be a number"), printed);
        assertTrue(printed.contains("row 3: file: file is required"), printed);
        assertTrue(printed.contains("row 28: id 'x': duplicate id"), printed); // the 20th rejected row
        assertFalse(printed.contains("row 29:"), printed);
        assertTrue(printed.contains("5 more rejected rows not shown (--json prints them all)"), printed);
    }

    @Test
    void jsonPrintsTheWholeReport() {
        api.on("POST /ingest/api/datasets/mine/imports", 200, reportWithRejections());
        assertEquals(0, run("ingest", "mine", "--folder", tmp.toString(), "--json"), output());
        assertEquals(json(reportWithRejections()), json(out()));
        assertFalse(json(api.only("POST /ingest/api/datasets/mine/imports").body()).has("manifest"),
                "no --manifest: ingest's default");
    }

    @Test
    void createMakesAMissingDatasetFirst() {
        api.on("GET /ingest/api/datasets/new-set", 404, "{\"error\":\"dataset new-set not found\"}")
                .on("POST /ingest/api/datasets", 201, "{\"id\":\"new-set\"}")
                .on("POST /ingest/api/datasets/new-set/imports", 200,
                        "{\"datasetId\":\"new-set\",\"rows\":2,\"accepted\":2,\"duplicates\":0,\"rejectedRows\":0,"
                                + "\"rejected\":[]}");

        assertEquals(0, run("ingest", "new-set", "--create", "--name", "New set", "--folder", tmp.toString()),
                output());

        assertEquals(List.of("GET /ingest/api/datasets/new-set", "POST /ingest/api/datasets",
                "POST /ingest/api/datasets/new-set/imports"), api.requests().stream().map(FakeApi.Request::key).toList());
        assertEquals(json("{\"id\":\"new-set\",\"name\":\"New set\"}"), json(api.only("POST /ingest/api/datasets").body()));
        assertTrue(out().contains("Created dataset 'new-set'"), output());
        assertTrue(out().contains("2 rows, 2 accepted, 0 duplicates, 0 rejected"), output());
        assertFalse(out().contains("Rejected"), output());
    }

    @Test
    void anUnknownDatasetWithoutCreateSuggestsIt() {
        api.on("POST /ingest/api/datasets/nope/imports", 404,
                "{\"error\":\"dataset nope not found\",\"details\":[{\"field\":\"datasetId\",\"value\":\"nope\","
                        + "\"reason\":\"not found\"}]}");
        assertEquals(1, run("ingest", "nope", "--folder", tmp.toString()));
        assertTrue(err().contains("answered 404: dataset nope not found"), output());
        assertTrue(err().contains("datasetId 'nope': not found"), output());
        assertTrue(err().contains("pass --create"), output());
    }

    @Test
    void archiveAndManifestAreUploadedAsMultipart() throws IOException {
        Path zip = Files.write(tmp.resolve("photos.zip"), new byte[] {'P', 'K', 3, 4, 0, (byte) 0xff, 1});
        Path manifest = Files.writeString(tmp.resolve("photos.csv"), "IMG,LAT,LON,file\na,1,2,a.jpg\n");
        api.on("POST /ingest/api/datasets/mine/imports", 200,
                "{\"datasetId\":\"mine\",\"rows\":1,\"accepted\":1,\"duplicates\":0,\"rejectedRows\":0,\"rejected\":[]}");

        assertEquals(0, run("ingest", "mine", "--archive", zip.toString(), "--manifest", manifest.toString(),
                "--map", "id=IMG", "--format", "generic"), output());

        FakeApi.Request request = api.only("POST /ingest/api/datasets/mine/imports");
        assertTrue(request.header("Content-Type").startsWith("multipart/form-data; boundary="), request.toString());
        String body = request.body();
        assertTrue(body.contains("name=\"manifest\"; filename=\"photos.csv\"\r\nContent-Type: text/csv\r\n\r\n"
                + "IMG,LAT,LON,file\na,1,2,a.jpg\n\r\n"), body);
        String zipBytes = new String(Files.readAllBytes(zip), StandardCharsets.ISO_8859_1);
        assertTrue(body.contains("name=\"archive\"; filename=\"photos.zip\"\r\nContent-Type: application/zip\r\n\r\n"
                + zipBytes + "\r\n"), body);
        assertTrue(body.contains("name=\"mapping\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n{\"id\":\"IMG\"}"),
                body);
        assertTrue(body.contains("name=\"format\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\ngeneric"), body);
        assertTrue(body.endsWith("--\r\n"), body);
        assertEquals(Long.toString(request.body().length()), request.header("Content-Length"),
                "a known length: ingest refuses oversized uploads before reading them");
    }

    @Test
    void aManifestNameInsideTheArchiveIsSentAsText() throws IOException {
        Path zip = Files.write(tmp.resolve("all.zip"), new byte[] {'P', 'K'});
        api.on("POST /ingest/api/datasets/mine/imports", 200,
                "{\"datasetId\":\"mine\",\"rows\":0,\"accepted\":0,\"duplicates\":0,\"rejectedRows\":0,\"rejected\":[]}");
        assertEquals(0, run("ingest", "mine", "--archive", zip.toString(), "--manifest", "meta/index.csv"), output());
        String body = api.only("POST /ingest/api/datasets/mine/imports").body();
        assertTrue(body.contains("name=\"manifestName\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
                + "meta/index.csv\r\n"), body);
        assertFalse(body.contains("name=\"manifest\""), body);
    }

    @Test
    void badSourceOptionsAreRefusedBeforeAnyRequest() throws IOException {
        assertEquals(2, run("ingest", "mine"));
        assertTrue(err().contains("give --folder DIR (on the server), --archive ZIP"), output());
        assertEquals(2, run("ingest", "mine", "--folder", tmp.toString(), "--archive", "x.zip"));
        assertTrue(err().contains("either --folder or --archive"), output());
        assertEquals(2, run("ingest", "mine", "--archive", tmp.resolve("missing.zip").toString()));
        assertTrue(err().contains("missing.zip: no such readable file"), output());
        assertEquals(2, run("ingest", "mine", "--folder", tmp.resolve("a").toString(), "--manifest",
                tmp.resolve("b/m.csv").toString()));
        assertTrue(err().contains("is not inside --folder"), output());
        assertEquals(2, run("ingest", "mine", "--folder", tmp.toString(), "--map", "latitude"));
        assertTrue(api.requests().isEmpty(), api.requests().toString());
    }

    @Test
    void anAbsoluteManifestInsideTheFolderIsSentRelativeToIt() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("set"));
        api.on("POST /ingest/api/datasets/mine/imports", 200,
                "{\"datasetId\":\"mine\",\"rows\":0,\"accepted\":0,\"duplicates\":0,\"rejectedRows\":0,\"rejected\":[]}");
        assertEquals(0, run("ingest", "mine", "--folder", folder.toString(), "--manifest",
                folder.resolve("meta/m.csv").toString()), output());
        assertEquals("meta/m.csv", json(api.only("POST /ingest/api/datasets/mine/imports").body())
                .path("manifest").asText());
    }
}
