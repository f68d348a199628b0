package io.placebench.cli.client;

import java.io.FileNotFoundException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body: text parts and file parts. Files are streamed from disk when the request is
 * sent (a large zip is never held in memory) and the body has a known length, so the server can refuse an
 * oversized upload from its {@code Content-Length} before reading it.
 */
public final class Multipart {

    private final String boundary = "placebench-" + UUID.randomUUID().toString().replace("-", "");
    private final List<HttpRequest.BodyPublisher> publishers = new ArrayList<>();
    private final List<String> partNames = new ArrayList<>();

    public Multipart text(String name, String value) {
        publishers.add(HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"" + quote(name) + "\"\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + value + "\r\n", StandardCharsets.UTF_8));
        partNames.add(name);
        return this;
    }

    /** Adds a text part when {@code value} is not null. */
    public Multipart textIfPresent(String name, String value) {
        return value == null ? this : text(name, value);
    }

    /** A file part named after the file; fails at once, naming the file, when it cannot be read. */
    public Multipart file(String name, Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("cannot read " + file.toAbsolutePath() + " (not a readable file)");
        }
        HttpRequest.BodyPublisher content;
        try {
            content = HttpRequest.BodyPublishers.ofFile(file);
        } catch (FileNotFoundException e) {
            throw new IllegalArgumentException("cannot read " + file.toAbsolutePath() + ": " + e.getMessage());
        }
        String fileName = file.getFileName().toString();
        publishers.add(HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"" + quote(name) + "\"; filename=\"" + quote(fileName)
                + "\"\r\nContent-Type: " + contentTypeOf(fileName) + "\r\n\r\n", StandardCharsets.UTF_8));
        publishers.add(content);
        publishers.add(HttpRequest.BodyPublishers.ofString("\r\n", StandardCharsets.UTF_8));
        partNames.add(name);
        return this;
    }

    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The names of the parts, in order (for messages and tests). */
    public List<String> partNames() {
        return List.copyOf(partNames);
    }

    public HttpRequest.BodyPublisher publisher() {
        List<HttpRequest.BodyPublisher> all = new ArrayList<>(publishers);
        all.add(HttpRequest.BodyPublishers.ofString("--" + boundary + "--\r\n", StandardCharsets.UTF_8));
        return HttpRequest.BodyPublishers.concat(all.toArray(HttpRequest.BodyPublisher[]::new));
    }

    static String contentTypeOf(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".zip")) {
            return "application/zip";
        }
        if (name.endsWith(".csv")) {
            return "text/csv";
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return "application/x-ndjson";
        }
        if (name.endsWith(".json")) {
            return "application/json";
        }
        return "application/octet-stream";
    }

    /** Quotes and line breaks cannot appear inside a quoted header parameter. */
    private static String quote(String s) {
        return s.replace("\"", "%22").replace("\r", "").replace("\n", "");
    }
}
