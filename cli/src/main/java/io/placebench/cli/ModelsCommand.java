package io.placebench.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.placebench.cli.client.ApiException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code placebench models}: the model catalogue of inference-service. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"List the models inference-service knows: provider, model, endpoint, price per million input "
                + "and output tokens, whether the model is simulated and whether its provider's API key is set.",
                "Exit codes: 0 listed, 1 the request failed."})
public class ModelsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--provider", paramLabel = "NAME", description = "Only this provider's models.")
    String provider;

    @Option(names = "--json", description = "Print inference's answer as JSON.")
    boolean json;

    @Mixin
    ApiOptions api = new ApiOptions();

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        JsonNode catalogue;
        try {
            catalogue = api.client().models(provider);
        } catch (ApiException e) {
            if (e.status() == 404) {
                throw new ApiException(e.getMessage() + "\n  (this inference-service has no model catalogue "
                        + "endpoint: an older version?)", e.status(), e.body());
            }
            throw e;
        }
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(catalogue));
        } else {
            print(out, catalogue);
        }
        out.flush();
        return 0;
    }

    static void print(PrintWriter out, JsonNode catalogue) {
        TextTable table = new TextTable("provider", "model", "endpoint", "in $/1M", "out $/1M", "simulated", "key")
                .right(3, 4);
        for (JsonNode m : catalogue.path("models")) {
            JsonNode price = m.path("price");
            table.add(m.path("provider").asText(), m.path("model").asText(), m.path("baseUrl").asText(null),
                    perMillion(price.path("inputPerMTok")), perMillion(price.path("outputPerMTok")),
                    m.path("simulated").asBoolean() ? "yes" : "no", key(m));
        }
        if (table.size() == 0) {
            out.println("No models.");
        } else {
            out.print(table.render(""));
        }
        List<String> prompts = new ArrayList<>();
        catalogue.path("prompts").forEach(p -> prompts.add(p.path("id").asText()));
        if (!prompts.isEmpty()) {
            out.println("Prompts: " + String.join(", ", prompts));
        }
    }

    private static String perMillion(JsonNode value) {
        var d = Formats.decimal(value);
        return d == null ? "-" : "$" + d.stripTrailingZeros().toPlainString();
    }

    /** Whether the provider's API key is set ("-" for simulated models). */
    private static String key(JsonNode m) {
        if (!m.path("providerConfigured").asBoolean(true)) {
            return "not configured";
        }
        if (m.path("simulated").asBoolean()) {
            return "-";
        }
        return m.path("keyPresent").asBoolean() ? "yes" : "no";
    }
}
