package io.placebench.cli.demo;

/** One generated demo image: its id, file (relative to the dataset folder), true location and the city near it. */
public record DemoImage(String id, String file, double latitude, double longitude, DemoCity city) {
}
