package io.placebench.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.placebench.cli.client.Multipart;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code placebench import-results}: upload published result files; each (file, model) becomes a completed run. */
@Command(name = "import-results", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Import published results (IMAGEO-Bench result JSON Lines) with their dataset's truth CSV: "
                + "the truth rows become images without bytes, each (file, provider, model) becomes an imported "
                + "run that is scored like a live one. Importing the same file again changes nothing.",
                "Exit codes: 0 imported (rejected lines are listed, they do not fail it), 1 the request failed, "
                        + "2 bad options."},
        footer = {"", "Example:",
                "  placebench import-results --truth dataset3_info.csv dataset3_gpt-4.1.jsonl dataset3_gemini.jsonl"})
public class ImportResultsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "imageo",
            description = "Layout of the result files (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--truth", required = true, paramLabel = "FILE",
            description = "The dataset's truth CSV (IMAGEO-Bench datasetN_info.csv).")
    Path truth;

    @Option(names = "--dataset", paramLabel = "ID",
            description = "Dataset id (default: imageo-<truth file name without _info.csv>; created if needed).")
    String dataset;

    @Option(names = "--prompt", paramLabel = "ID", description = "Prompt id the results were made with "
            + "(default: imageo).")
    String prompt;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Result files (.jsonl).")
    List<Path> files = new ArrayList<>();

    @Option(names = "--json", description = "Print the whole report as JSON.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60m", converter = DurationConverter.class,
            description = "How long the import may take (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Mixin
    ApiOptions api = new ApiOptions();

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        JsonNode report = api.client(timeout).importResults(form());
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        } else {
            print(out, report);
        }
        out.flush();
        return 0;
    }

    Multipart form() {
        List<Path> all = new ArrayList<>(files);
        all.add(0, truth);
        for (Path f : all) {
            if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
                throw new ParameterException(spec.commandLine(), f + ": no such readable file");
            }
        }
        Multipart form = new Multipart().text("format", format).file("truth", truth);
        for (Path f : files) {
            form.file("results", f);
        }
        form.textIfPresent("datasetId", dataset);
        form.textIfPresent("promptId", prompt);
        return form;
    }

    static void print(PrintWriter out, JsonNode report) {
        out.printf("Imported results into dataset '%s' (format %s)%n", report.path("datasetId").asText(),
                report.path("format").asText());
        if (report.path("truth").isObject()) {
            IngestCommand.printReport(out, "Truth", report.path("truth"));
        }
        for (JsonNode file : report.path("files")) {
            out.printf("%s: %d lines, %d accepted, %d rejected%n", file.path("file").asText(),
                    file.path("lines").asLong(), file.path("accepted").asLong(), file.path("rejectedLines").asLong());
            TextTable runs = new TextTable("run", "model", "images", "").right(2);
            for (JsonNode run : file.path("runs")) {
                runs.add(run.path("runId").asText(), run.path("provider").asText() + "/" + run.path("model").asText(),
                        Formats.count(run.path("images").asLong()),
                        run.path("alreadyImported").asBoolean() ? "already imported" : "new");
            }
            if (runs.size() > 0) {
                out.print(runs.render("  "));
            }
            IngestCommand.printRejections(out, file.path("rejected"), file.path("rejectedLines").asLong(), "line",
                    "  ");
        }
    }
}
