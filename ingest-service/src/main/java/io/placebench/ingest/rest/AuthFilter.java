package io.placebench.ingest.rest;

import io.placebench.ingest.config.ApiTokens;
import io.placebench.ingest.domain.Problem;
import io.placebench.ingest.domain.TokenHashes;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * API tokens on the REST API ({@code Authorization: Bearer <token>}). Writes (every method but GET, HEAD and
 * OPTIONS) need a token with write scope once any token is configured; reads need one (any scope) when
 * {@code placebench.auth.read-requires-token} is set — blobs only if {@code placebench.auth.blobs-require-token}
 * is set too. 401: no token, or not one of ours; 403: a read-only token on a write.
 * Health, metrics and OpenAPI ({@code /q/*}) are not behind this filter.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class AuthFilter implements ContainerRequestFilter {

    @Inject
    ApiTokens tokens;

    @Override
    public void filter(ContainerRequestContext request) {
        TokenHashes hashes = tokens.hashes();
        if (hashes.isEmpty()) {
            return;
        }
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        boolean read = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
        String path = request.getUriInfo().getPath();
        if (read) {
            boolean blob = path.startsWith("/api/blobs/") || path.startsWith("api/blobs/");
            if (!tokens.config().readRequiresToken() || blob && !tokens.config().blobsRequireToken()) {
                return;
            }
        }
        Optional<String> token = bearer(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (token.isEmpty()) {
            request.abortWith(ErrorMappers.builder(401, "an API token is required: send Authorization: Bearer <token>",
                    List.of(new Problem("Authorization", null, "missing bearer token")))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"placebench\"").build());
            return;
        }
        Optional<TokenHashes.Scope> scope = hashes.scopeOf(token.get());
        if (scope.isEmpty()) {
            request.abortWith(ErrorMappers.builder(401, "the API token is not valid",
                    List.of(new Problem("Authorization", null, "unknown token")))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"placebench\", error=\"invalid_token\"")
                    .build());
            return;
        }
        if (!read && scope.get() != TokenHashes.Scope.WRITE) {
            request.abortWith(ErrorMappers.builder(403, "the API token may read but not write",
                    List.of(new Problem("Authorization", null, "token lacks the write scope"))).build());
        }
    }

    private static Optional<String> bearer(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.length() > 7 && value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = value.substring(7).trim();
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        }
        return Optional.empty();
    }
}
