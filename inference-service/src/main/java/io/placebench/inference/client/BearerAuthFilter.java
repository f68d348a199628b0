package io.placebench.inference.client;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/** Adds {@code Authorization: Bearer <key>}; registered only on clients of providers that have a key. */
final class BearerAuthFilter implements ClientRequestFilter {

    private final String key;

    BearerAuthFilter(String key) {
        this.key = key;
    }

    @Override
    public void filter(ClientRequestContext request) {
        request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + key);
    }

    @Override
    public String toString() {
        return "BearerAuthFilter[key redacted]";
    }
}
