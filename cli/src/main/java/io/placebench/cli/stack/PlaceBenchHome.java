package io.placebench.cli.stack;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the PlaceBench checkout: system property {@code placebench.home}, else environment variable
 * {@code PLACEBENCH_HOME}, else the checkout this jar was built in ({@code <home>/cli/target/placebench.jar}),
 * else the current directory.
 */
public final class PlaceBenchHome {

    private PlaceBenchHome() {
    }

    public static Path resolve() {
        String property = System.getProperty("placebench.home");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        String env = System.getenv("PLACEBENCH_HOME");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        Path fromJar = fromCodeSource();
        if (fromJar != null) {
            return fromJar;
        }
        return Path.of("").toAbsolutePath();
    }

    private static Path fromCodeSource() {
        try {
            var source = PlaceBenchHome.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return null;
            }
            Path location = Path.of(source.getLocation().toURI());
            // <home>/cli/target/placebench.jar or <home>/cli/target/classes
            Path target = location.getParent();
            if (target != null && target.getFileName() != null && target.getFileName().toString().equals("target")) {
                Path home = target.getParent() == null ? null : target.getParent().getParent();
                if (home != null && Files.isRegularFile(home.resolve("pom.xml"))) {
                    return home.toAbsolutePath().normalize();
                }
            }
            return null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
