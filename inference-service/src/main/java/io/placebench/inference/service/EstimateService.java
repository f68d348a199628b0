package io.placebench.inference.service;

import io.placebench.inference.client.ModelProvider;
import io.placebench.inference.client.ProviderRegistry;
import io.placebench.inference.config.InferenceConfig;
import io.placebench.inference.domain.CallSpec;
import io.placebench.inference.domain.Estimator;
import io.placebench.inference.domain.ImagePreparer;
import io.placebench.inference.domain.ImageTokenRule;
import io.placebench.inference.domain.ModelEntry;
import io.placebench.inference.domain.ModelPrice;
import io.placebench.inference.domain.PreparedImage;
import io.placebench.inference.domain.Prompt;
import io.placebench.inference.domain.RunParameters;
import io.placebench.inference.domain.StructuredMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dry run behind {@code POST /api/estimate}: tokens and cost of a run before it starts, from each provider's
 * image-token rule at the size images will be sent, the prompt's text, and the expected answer and reasoning
 * tokens ({@link Estimator}); plus the budget check and the shortest duration the rate limit allows.
 */
@ApplicationScoped
public class EstimateService {

    public static final int DEFAULT_WIDTH = 1024;
    public static final int DEFAULT_HEIGHT = 768;

    @Inject
    ProviderRegistry providers;

    @Inject
    Catalog catalog;

    @Inject
    InferenceConfig config;

    /** One image by size (the source size; the estimate applies the resize policy). */
    public record ImageSize(Integer width, Integer height) {
    }

    public record Request(String provider, String model, String promptId, Map<String, Object> parameters,
            List<ImageSize> images, Integer imageCount, Integer imageWidth, Integer imageHeight) {
    }

    public record Problem(String field, String reason) {
    }

    /** Invalid input: every problem named. */
    public static final class InvalidRequest extends RuntimeException {
        private final List<Problem> problems;

        InvalidRequest(List<Problem> problems) {
            super("invalid estimate request", null, false, false);
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }

    public record Tokens(long input, long text, long image, long output, long reasoning, long total) {
    }

    public record PerImage(double inputTokens, double imageTokens, double outputTokens, double reasoningTokens,
            BigDecimal costUsd) {
    }

    public record Price(String key, BigDecimal inputPerMTok, BigDecimal cachedInputPerMTok, BigDecimal cacheWritePerMTok,
            BigDecimal outputPerMTok, String source) {

        public static Price of(String key, ModelPrice p) {
            return new Price(key, ModelPrice.perMillion(p.inputPerToken()), ModelPrice.perMillion(p.cachedInputPerToken()),
                    ModelPrice.perMillion(p.cacheWritePerToken()), ModelPrice.perMillion(p.outputPerToken()), p.source());
        }
    }

    public record Limits(int rpm, long tpm, Double minimumMinutes) {
    }

    public record Result(String provider, String model, String promptId, String promptHash, String api,
            boolean simulated, boolean listed, long images, Tokens tokens, PerImage perImage, BigDecimal costUsd,
            Price price, BigDecimal budgetUsd, Boolean withinBudget, Long imagesWithinBudget, Limits limits,
            List<String> assumptions, List<String> warnings) {
    }

    public Result estimate(Request request) {
        List<Problem> problems = new ArrayList<>();
        if (request == null) {
            throw new InvalidRequest(List.of(new Problem("body", "expected {\"provider\",\"model\",\"promptId\","
                    + "\"parameters\",\"images\":[{\"width\",\"height\"}] or \"imageCount\"}")));
        }
        Optional<ModelProvider> provider = providers.get(request.provider());
        if (provider.isEmpty()) {
            problems.add(new Problem("provider", "unknown provider '" + request.provider() + "' (configured: "
                    + providers.names() + ")"));
        }
        if (request.model() == null || request.model().isBlank()) {
            problems.add(new Problem("model", "required"));
        }
        String promptId = request.promptId() == null ? "imageo" : request.promptId();
        Optional<Prompt> prompt = catalog.prompts().byId(promptId);
        if (prompt.isEmpty()) {
            problems.add(new Problem("promptId", "unknown prompt '" + promptId + "' (known: " + catalog.prompts().ids()
                    + ")"));
        }
        List<int[]> sizes = new ArrayList<>();
        if (request.images() != null) {
            for (int i = 0; i < request.images().size(); i++) {
                ImageSize s = request.images().get(i);
                if (s == null || s.width() == null || s.height() == null || s.width() < 1 || s.height() < 1) {
                    problems.add(new Problem("images[" + i + "]", "width and height must be positive integers"));
                } else {
                    sizes.add(new int[] {s.width(), s.height()});
                }
            }
        }
        int extra = request.imageCount() == null ? 0 : request.imageCount();
        if (extra < 0) {
            problems.add(new Problem("imageCount", "must be >= 0"));
        }
        int w = request.imageWidth() == null ? DEFAULT_WIDTH : request.imageWidth();
        int h = request.imageHeight() == null ? DEFAULT_HEIGHT : request.imageHeight();
        if (w < 1 || h < 1) {
            problems.add(new Problem("imageWidth/imageHeight", "must be positive"));
        }
        if (sizes.isEmpty() && extra == 0 && problems.isEmpty()) {
            problems.add(new Problem("images", "give images [{width, height}] and/or imageCount"));
        }
        BigDecimal budget = null;
        try {
            budget = RunParameters.budgetUsd(request.parameters());
        } catch (IllegalArgumentException e) {
            problems.add(new Problem("parameters.budgetUsd", e.getMessage()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequest(problems);
        }
        ModelProvider p = provider.get();
        ModelEntry entry = catalog.entry(p, request.model());
        boolean listed = catalog.listed(p.name(), request.model()).isPresent();
        InferenceConfig.Provider pc = providers.config(p.name()).orElseThrow();
        int maxSide = entry.maxImageSide() != null ? entry.maxImageSide() : config.image().maxSide();
        CallSpec spec;
        try {
            spec = RunParameters.resolve(request.parameters(), entry, p.api(), p.flavor(), pc.maxTokensField(),
                    StructuredMode.fromConfig(pc.structuredOutput()).orElse(StructuredMode.AUTO), prompt.get(),
                    new PreparedImage(new byte[] {1}, 1, 1, "", 1, 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest(List.of(new Problem("parameters", e.getMessage())));
        }
        ImageTokenRule rule = entry.imageTokens() != null ? entry.imageTokens() : ImageTokenRule.defaultFor(p.api());
        Optional<ModelPrice> price = catalog.price(entry, p.api(), p.flavor());
        long output = entry.expectedOutputTokens() != null ? entry.expectedOutputTokens()
                : prompt.get().expectedOutputTokens();
        long reasoning = entry.reasoningFor(output);
        long images = 0;
        long input = 0;
        long text = 0;
        long imageTokens = 0;
        long out = 0;
        long think = 0;
        BigDecimal cost = BigDecimal.ZERO;
        List<int[]> all = new ArrayList<>(sizes);
        if (extra > 0) {
            all.add(new int[] {w, h, extra});
        }
        for (int[] s : all) {
            int count = s.length > 2 ? s[2] : 1;
            int[] sent = ImagePreparer.targetSize(s[0], s[1], maxSide);
            Estimator.PerImage one = Estimator.perImage(p.api(), spec, rule, sent[0], sent[1], output, reasoning,
                    price.orElse(null));
            images += count;
            input += one.inputTokens() * count;
            text += one.textTokens() * count;
            imageTokens += one.imageTokens() * count;
            out += one.outputTokens() * count;
            think += one.reasoningTokens() * count;
            cost = cost.add(one.costUsd().multiply(BigDecimal.valueOf(count)));
        }
        cost = cost.setScale(6, RoundingMode.HALF_UP);
        BigDecimal perImageCost = images == 0 ? BigDecimal.ZERO
                : cost.divide(BigDecimal.valueOf(images), 9, RoundingMode.HALF_UP).stripTrailingZeros();
        Boolean within = null;
        Long affordable = null;
        if (budget != null) {
            within = cost.compareTo(budget) <= 0;
            affordable = perImageCost.signum() == 0 ? images
                    : Math.min(images, budget.divide(perImageCost, 0, RoundingMode.FLOOR).longValue());
        }
        int rpm = entry.rpm() != null ? entry.rpm() : pc.rpm();
        long tpm = entry.tpm() != null ? entry.tpm() : pc.tpm();
        Double minutes = rpm > 0 ? Math.round(images * 100.0 / rpm) / 100.0 : null;
        List<String> assumptions = new ArrayList<>();
        assumptions.add("images are sent at most " + maxSide + " px on the long side (never enlarged); image tokens by "
                + rule + (spec.detail() == null ? "" : ", detail " + spec.detail()));
        assumptions.add("prompt text at ~4 characters per token plus the " + p.api().configName() + " framing");
        assumptions.add("output " + output + " answer tokens per image" + (reasoning > 0 ? " + " + reasoning
                + " reasoning tokens (billed as output)" : "") + ", capped at max_tokens " + spec.maxTokens());
        assumptions.add("no prompt-cache hits; retries not included (a billed retry adds its cost)");
        if (extra > 0) {
            assumptions.add(extra + " image(s) assumed " + w + "x" + h);
        }
        List<String> warnings = new ArrayList<>(spec.notes());
        if (price.isEmpty()) {
            warnings.add("no price for " + entry.key() + " (price key " + (entry.priceKey() == null ? entry.model()
                    : entry.priceKey()) + "): cost shown as 0");
        }
        if (!listed) {
            warnings.add(entry.key() + " is not in the model catalogue: wire-format defaults assumed");
        }
        if (!p.hasKey()) {
            warnings.add("provider " + p.name() + " has no API key configured");
        }
        double n = Math.max(1, images);
        return new Result(p.name(), request.model(), promptId, prompt.get().hash(), p.api().configName(), p.simulated(),
                listed, images, new Tokens(input, text, imageTokens, out, think, input + out),
                new PerImage(input / n, imageTokens / n, out / n, think / n, perImageCost), cost,
                price.map(pr -> Price.of(entry.priceKey() != null ? entry.priceKey() : pr.model(), pr)).orElse(null),
                budget, within, affordable, new Limits(rpm, tpm, minutes), assumptions, warnings);
    }
}
