package io.placebench.analytics.rest;

import java.util.List;

/** The error shape every PlaceBench service answers with. */
public record ErrorBody(String error, List<String> details) {
}
