package io.placebench.cli.demo;

/** A real city of the bundled demo list (ISO 3166-1 alpha-2 country, continent name). */
public record DemoCity(String name, String admin1, String country, String continent, double latitude,
                       double longitude) {
}
