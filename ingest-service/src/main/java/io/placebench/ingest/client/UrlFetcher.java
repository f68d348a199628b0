package io.placebench.ingest.client;

import io.placebench.ingest.config.FetchConfig;
import io.placebench.ingest.config.IngestConfig;
import io.placebench.ingest.domain.AddressPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches image bytes from http(s) URLs for imports. Every hop (the URL and each redirect, followed by hand) is
 * checked against the {@link AddressPolicy} after resolving its host; the whole fetch has one deadline
 * ({@code placebench.fetch.timeout}); the body is read up to {@code placebench.ingest.max-image-bytes} and
 * abandoned beyond. The content type is decided by the caller from the bytes, never from the headers.
 *
 * <p>Known limit: the host is resolved for the check and again by the HTTP client, so a DNS server that
 * answers differently the second time (DNS rebinding) is not caught; allow only trusted networks to reach
 * private addresses through a proxy or firewall as well.
 */
@ApplicationScoped
public class UrlFetcher {

    /** Why a URL gave no image bytes; {@code reason} is reported against the row's {@code url} field. */
    public static class FetchException extends Exception {
        public FetchException(String reason) {
            super(reason);
        }
    }

    private final FetchConfig config;
    private final long maxBytes;
    private final AddressPolicy policy;
    private final HttpClient client;

    public UrlFetcher(FetchConfig config, IngestConfig ingest) {
        this.config = config;
        this.maxBytes = ingest.maxImageBytes();
        this.policy = new AddressPolicy(config.allowPrivateAddresses(), config.allowedHosts().orElse(List.of()));
        this.client = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public byte[] fetch(URI url) throws FetchException {
        long deadline = System.nanoTime() + config.timeout().toNanos();
        URI current = url;
        for (int hop = 0; hop <= config.maxRedirects(); hop++) {
            check(current);
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new FetchException("url timed out after " + config.timeout().toMillis() + " ms");
            }
            HttpRequest request = HttpRequest.newBuilder(current).GET()
                    .timeout(Duration.ofNanos(left))
                    .header("Accept", "image/*")
                    .header("User-Agent", "placebench-ingest")
                    .build();
            CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request, info ->
                    info.statusCode() == 200 ? new Limited(maxBytes) : BodySubscribers.replacing(null));
            HttpResponse<byte[]> response;
            try {
                response = future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                future.cancel(true);
                throw new FetchException("url timed out after " + config.timeout().toMillis() + " ms");
            } catch (InterruptedException e) {
                future.cancel(true);
                Thread.currentThread().interrupt();
                throw new FetchException("url fetch was interrupted");
            } catch (ExecutionException e) {
                throw failure(e.getCause());
            }
            int status = response.statusCode();
            if (status >= 300 && status < 400 && status != 304) {
                String location = response.headers().firstValue("Location").orElse(null);
                if (location == null) {
                    throw new FetchException("url answered HTTP " + status + " without a Location");
                }
                try {
                    current = current.resolve(location.trim());
                } catch (IllegalArgumentException e) {
                    throw new FetchException("url redirected to an invalid location: " + location);
                }
                String scheme = current.getScheme() == null ? "" : current.getScheme().toLowerCase();
                if (!scheme.equals("http") && !scheme.equals("https")) {
                    throw new FetchException("url redirected to a non-http(s) location: " + current);
                }
                continue;
            }
            if (status != 200) {
                throw new FetchException("url answered HTTP " + status);
            }
            byte[] body = response.body();
            if (body == null || body.length == 0) {
                throw new FetchException("url returned no bytes");
            }
            return body;
        }
        throw new FetchException("url redirected more than " + config.maxRedirects() + " times");
    }

    private void check(URI uri) throws FetchException {
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new FetchException("url has no host");
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (policy.explicitlyAllowed(bare)) {
            return;
        }
        List<InetAddress> addresses;
        try {
            addresses = Arrays.asList(InetAddress.getAllByName(bare));
        } catch (UnknownHostException e) {
            throw new FetchException("url host " + bare + " cannot be resolved");
        }
        var refusal = policy.refusal(bare, addresses);
        if (refusal.isPresent()) {
            throw new FetchException("url " + refusal.get() + "; set placebench.fetch.allowed-hosts to allow it");
        }
    }

    private FetchException failure(Throwable cause) {
        if (cause instanceof TooLarge) {
            return new FetchException("url content is above the limit of " + maxBytes + " bytes");
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new FetchException("url connection timed out after " + config.connectTimeout().toMillis() + " ms");
        }
        if (cause instanceof java.net.http.HttpTimeoutException) {
            return new FetchException("url timed out after " + config.timeout().toMillis() + " ms");
        }
        if (cause instanceof IOException io && io.getCause() instanceof TooLarge) {
            return failure(io.getCause());
        }
        String message = cause == null ? "unknown error" : cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return new FetchException("url fetch failed: " + message);
    }

    private static final class TooLarge extends IOException {
        TooLarge() {
            super("body above the size limit");
        }
    }

    /** Collects the body up to {@code max} bytes, cancelling the exchange beyond. */
    private static final class Limited implements BodySubscriber<byte[]> {
        private final long max;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        Limited(long max) {
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer buffer : items) {
                if (out.size() + (long) buffer.remaining() > max) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLarge());
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }
}
