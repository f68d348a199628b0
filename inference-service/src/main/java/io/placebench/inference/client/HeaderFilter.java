package io.placebench.inference.client;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import java.util.Map;

/** Adds fixed headers (credentials, API versions) to every request of one provider's client. */
final class HeaderFilter implements ClientRequestFilter {

    private final Map<String, String> headers;

    HeaderFilter(Map<String, String> headers) {
        this.headers = Map.copyOf(headers);
    }

    @Override
    public void filter(ClientRequestContext request) {
        headers.forEach((name, value) -> request.getHeaders().putSingle(name, value));
    }

    @Override
    public String toString() {
        return "HeaderFilter[" + headers.keySet() + ", values redacted]";
    }
}
