package io.placebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ImportResultsAndModelsTest extends ApiTestSupport {

    @Test
    void importResultsUploadsTheTruthAndEveryResultFileAndPrintsTheReport() throws IOException {
        Path truth = Files.writeString(tmp.resolve("dataset3_info.csv"), "image_file,lat,lon\na.jpg,1,2\n");
        Path gpt = Files.writeString(tmp.resolve("dataset3_gpt.jsonl"), "{\"image_file\":\"a.jpg\"}\n");
        Path gemini = Files.writeString(tmp.resolve("dataset3_gemini.jsonl"), "{\"image_file\":\"b.jpg\"}\n");
        api.on("POST /ingest/api/results/imports", 200, "{\"datasetId\":\"imageo-dataset3\",\"format\":\"imageo\","
                + "\"truth\":{\"datasetId\":\"imageo-dataset3\",\"format\":\"imageo\",\"rows\":1,\"accepted\":1,"
                + "\"duplicates\":0,\"rejectedRows\":0,\"rejected\":[]},\"files\":["
                + "{\"file\":\"dataset3_gpt.jsonl\",\"lines\":1,\"accepted\":1,\"rejectedLines\":0,\"rejected\":[],"
                + "\"runs\":[{\"runId\":\"run-0123456789ab\",\"provider\":\"openai\",\"model\":\"gpt-4.1\","
                + "\"images\":1,\"alreadyImported\":true}]},"
                + "{\"file\":\"dataset3_gemini.jsonl\",\"lines\":1,\"accepted\":0,\"rejectedLines\":1,\"rejected\":"
                + "[{\"row\":1,\"field\":\"image_file\",\"value\":\"b.jpg\",\"reason\":\"no truth for this image in "
                + "dataset imageo-dataset3\"}],\"runs\":[]}]}");

        assertEquals(0, run("import-results", "--format", "imageo", "--truth", truth.toString(), "--prompt", "imageo",
                gpt.toString(), gemini.toString()), output());

        FakeApi.Request request = api.only("POST /ingest/api/results/imports");
        String body = request.body();
        assertTrue(request.header("Content-Type").startsWith("multipart/form-data"), request.toString());
        assertTrue(body.contains("name=\"truth\"; filename=\"dataset3_info.csv\"\r\nContent-Type: text/csv\r\n\r\n"
                + "image_file,lat,lon\na.jpg,1,2\n\r\n"), body);
        assertTrue(body.contains("name=\"results\"; filename=\"dataset3_gpt.jsonl\""), body);
        assertTrue(body.contains("name=\"results\"; filename=\"dataset3_gemini.jsonl\"\r\nContent-Type: "
                + "application/x-ndjson\r\n\r\n{\"image_file\":\"b.jpg\"}\n\r\n"), body);
        assertTrue(body.contains("name=\"format\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nimageo\r\n"), body);
        assertTrue(body.contains("name=\"promptId\"\r\n"), body);
        assertTrue(!body.contains("name=\"datasetId\""), "no --dataset: ingest's default: " + body);

        String printed = out();
        assertTrue(printed.contains("Imported results into dataset 'imageo-dataset3' (format imageo)"), printed);
        assertTrue(printed.contains("Truth (format imageo): 1 rows, 1 accepted, 0 duplicates, 0 rejected"), printed);
        assertTrue(printed.matches("(?s).*run-0123456789ab +openai/gpt-4\\.1 +1 +already imported.*"), printed);
        assertTrue(printed.contains("dataset3_gemini.jsonl: 1 lines, 0 accepted, 1 rejected"), printed);
        assertTrue(printed.contains("line 1: image_file 'b.jpg': no truth for this image"), printed);
    }

    @Test
    void importResultsNeedsReadableFiles() {
        assertEquals(2, run("import-results", "--truth", tmp.resolve("nope.csv").toString(),
                tmp.resolve("r.jsonl").toString()));
        assertTrue(err().contains("nope.csv: no such readable file"), output());
        assertEquals(2, run("import-results", "r.jsonl"));
        assertTrue(err().contains("Missing required option: '--truth=FILE'"), output());
        assertTrue(api.requests().isEmpty());
    }

    @Test
    void modelsListsTheCatalogue() {
        api.on("GET /inference/api/models", 200, "{\"models\":["
                + "{\"provider\":\"simulator\",\"model\":\"sim-strong\",\"baseUrl\":\"http://localhost:8090/v1\","
                + "\"simulated\":true,\"providerConfigured\":true,\"keyPresent\":false,\"price\":{\"inputPerMTok\":"
                + "2.00,\"outputPerMTok\":8.000}},"
                + "{\"provider\":\"openai\",\"model\":\"gpt-4.1\",\"baseUrl\":\"https://api.openai.com/v1\","
                + "\"simulated\":false,\"providerConfigured\":true,\"keyPresent\":true,\"price\":{\"inputPerMTok\":2,"
                + "\"outputPerMTok\":8}},"
                + "{\"provider\":\"vllm\",\"model\":\"qwen2.5-vl\",\"baseUrl\":\"http://localhost:8000/v1\","
                + "\"simulated\":false,\"providerConfigured\":true,\"keyPresent\":false,\"price\":null}],"
                + "\"prompts\":[{\"id\":\"imageo\"},{\"id\":\"globe\"}],\"providers\":[\"openai\"]}");
        api.on("GET /inference/api/models?provider=openai", 200, "{\"models\":[],\"prompts\":[]}");

        assertEquals(0, run("models"), output());
        String printed = out();
        assertTrue(printed.matches("(?s)provider +model +endpoint +in \\$/1M +out \\$/1M +simulated +key\n.*"), printed);
        assertTrue(printed.matches("(?s).*\nsimulator +sim-strong +http://localhost:8090/v1 +\\$2 +\\$8 +yes +-\n.*"),
                printed);
        assertTrue(printed.matches("(?s).*\nopenai +gpt-4\\.1 +https://api\\.openai\\.com/v1 +\\$2 +\\$8 +no +yes\n.*"),
                printed);
        assertTrue(printed.matches("(?s).*\nvllm +qwen2\\.5-vl +http://localhost:8000/v1 +- +- +no +no\n.*"), printed);
        assertTrue(printed.contains("Prompts: imageo, globe"), printed);

        assertEquals(0, run("models", "--provider", "openai"), output());
        assertTrue(out().contains("No models."), output());
    }
}
