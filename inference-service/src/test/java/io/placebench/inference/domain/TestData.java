package io.placebench.inference.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Shared fixtures of the domain tests. */
final class TestData {

    static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9};
    static final PreparedImage IMAGE = new PreparedImage(JPEG, 640, 480, Prompt.sha256Hex(JPEG), 640, 480);
    static final ModelCatalog CATALOG = catalog();

    private TestData() {
    }

    static ModelCatalog catalog() {
        try (InputStream in = resource("models.yaml")) {
            return ModelCatalog.read(in, "models.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PriceTable prices() {
        try (InputStream a = resource("prices/litellm-2026-07-24.json");
                InputStream b = resource("prices/overrides.json")) {
            return PriceTable.read(a, "litellm").with(PriceTable.read(b, "overrides"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ModelEntry entry(String provider, String model) {
        return CATALOG.find(provider, model).orElseThrow(() -> new AssertionError(provider + "/" + model + " not listed"));
    }

    static CallSpec spec(String provider, String model, WireApi api, Flavor flavor, String field, Prompt prompt,
            Map<String, Object> params) {
        return RunParameters.resolve(params, entry(provider, model), api, flavor, field, StructuredMode.AUTO, prompt,
                IMAGE);
    }

    static String text(String resource) {
        try (InputStream in = resource(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InputStream resource(String name) {
        InputStream in = TestData.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new AssertionError(name + " missing from the test classpath");
        }
        return in;
    }
}
