package io.placebench.ingest.rest;

import io.placebench.ingest.config.UploadsConfig;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a request whose declared {@code Content-Length} is above {@code placebench.uploads.max-request-bytes}
 * with a JSON 413 before its body is read. A body sent without a length (chunked) is stopped by
 * {@code quarkus.http.limits.max-body-size}, whose 413 has no body.
 */
@ApplicationScoped
public class UploadLimits {

    void routes(@Observes Router router, UploadsConfig config) {
        long max = config.maxRequestBytes();
        router.route("/api/*").order(-1000).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            if (length != null) {
                try {
                    long declared = Long.parseLong(length.trim());
                    if (declared > max) {
                        tooLarge(ctx.response(), "the request body is " + declared + " bytes, above the limit of "
                                + max + " bytes (placebench.uploads.max-request-bytes)", "Content-Length", length, max);
                        return;
                    }
                } catch (NumberFormatException e) {
                    // Let the server answer a malformed length.
                }
            }
            ctx.next();
        });
    }

    private static void tooLarge(HttpServerResponse response, String message, String field, String value,
            long limit) {
        JsonObject body = new JsonObject()
                .put("error", message)
                .put("details", new JsonArray().add(new JsonObject().put("field", field).put("value", value)
                        .put("reason", "limit " + limit)));
        response.setStatusCode(413)
                .putHeader("Content-Type", "application/json")
                .putHeader("Connection", "close")
                .end(body.encode());
    }
}
