package io.placebench.inference.rest;

import io.placebench.inference.client.ModelProvider;
import io.placebench.inference.client.ProviderRegistry;
import io.placebench.inference.domain.ImageTokenRule;
import io.placebench.inference.domain.ModelEntry;
import io.placebench.inference.domain.Prompt;
import io.placebench.inference.service.Catalog;
import io.placebench.inference.service.EstimateService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalogues for the CLI ({@code placebench models}) and the dry run ({@code placebench run --dry-run}):
 * {@code GET /api/models}, {@code GET /api/prompts}, {@code POST /api/estimate}.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

    @Inject
    Catalog catalog;

    @Inject
    ProviderRegistry providers;

    @Inject
    EstimateService estimates;

    public record ModelView(String provider, String model, String description, String api, String flavor,
            String baseUrl, boolean simulated, boolean providerConfigured, boolean keyPresent,
            EstimateService.Price price, String imageTokens, String structuredOutput, Map<String, Object> parameters,
            boolean supportsTemperature, String maxTokensField, Integer expectedOutputTokens,
            int expectedReasoningTokens, double reasoningPerOutputToken, Integer rpm, Long tpm, Integer maxConcurrency, Integer maxImageSide,
            String source) {
    }

    public record PromptView(String id, int version, String layout, String hash, int expectedOutputTokens,
            String source) {
    }

    public record Models(List<ModelView> models, List<PromptView> prompts, List<String> providers) {
    }

    @GET
    @Path("/models")
    public Models models(@QueryParam("provider") String provider) {
        List<ModelView> views = catalog.models().stream()
                .filter(e -> provider == null || provider.isBlank() || e.provider().equals(provider))
                .map(this::view).toList();
        return new Models(views, prompts(), List.copyOf(providers.names()));
    }

    @GET
    @Path("/prompts")
    public List<PromptView> promptList() {
        return prompts();
    }

    @POST
    @Path("/estimate")
    public Response estimate(EstimateService.Request request) {
        try {
            return Response.ok(estimates.estimate(request)).build();
        } catch (EstimateService.InvalidRequest e) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(Map.of("error", e.getMessage(), "details", e.problems())).build();
        }
    }

    private List<PromptView> prompts() {
        return catalog.prompts().all().stream().map(CatalogResource::view).toList();
    }

    private static PromptView view(Prompt p) {
        return new PromptView(p.id(), p.version(), p.layout().configName(), p.hash(), p.expectedOutputTokens(),
                p.source());
    }

    private ModelView view(ModelEntry e) {
        Optional<ModelProvider> p = providers.get(e.provider());
        EstimateService.Price price = p.flatMap(pr -> catalog.price(e, pr.api(), pr.flavor()))
                .map(pr -> EstimateService.Price.of(e.priceKey() != null ? e.priceKey() : pr.model(), pr)).orElse(null);
        ImageTokenRule rule = e.imageTokens() != null ? e.imageTokens()
                : p.map(pr -> ImageTokenRule.defaultFor(pr.api())).orElse(null);
        return new ModelView(e.provider(), e.model(), e.description(), p.map(pr -> pr.api().configName()).orElse(null),
                p.map(pr -> pr.flavor().configName()).orElse(null), p.map(ModelProvider::baseUrl).orElse(null),
                p.map(ModelProvider::simulated).orElse(false), p.isPresent(), p.map(ModelProvider::hasKey).orElse(false),
                price, rule == null ? null : rule.toString(),
                e.structuredOutput() == null ? "auto" : e.structuredOutput().configName(), e.parameters(),
                e.supportsTemperature(), e.maxTokensField(), e.expectedOutputTokens(), e.expectedReasoningTokens(),
                e.reasoningPerOutputToken(),
                e.rpm(), e.tpm(), e.maxConcurrency(), e.maxImageSide(), e.source());
    }
}
