package io.placebench.ingest.domain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The image files of a folder (and its sub-folders) by name, for layouts whose manifests name images by id:
 * {@code <id>.jpg}, {@code <id>.JPEG}, {@code sub/<id>.png}... Only files with a common image extension
 * ({@link #EXTENSIONS}) are indexed; symbolic links are listed but not followed into other folders (the
 * caller checks that what it uses stays inside the folder).
 */
public final class FolderIndex {

    public static final List<String> EXTENSIONS = List.of("jpg", "jpeg", "png", "gif", "webp");
    private static final Set<String> EXTENSION_SET = Set.copyOf(EXTENSIONS);
    private static final int MAX_DEPTH = 16;

    private final Path folder;
    private final Map<String, List<Path>> byStem = new HashMap<>();
    private final Map<String, List<Path>> byName = new HashMap<>();

    private FolderIndex(Path folder) {
        this.folder = folder;
    }

    /** What a lookup found: one file, nothing, or several files that could each be the image. */
    public record Match(Path file, List<Path> candidates) {
        public boolean found() {
            return file != null;
        }

        public boolean ambiguous() {
            return file == null && candidates.size() > 1;
        }
    }

    public static FolderIndex of(Path folder) {
        FolderIndex index = new FolderIndex(folder);
        try (Stream<Path> files = Files.walk(folder, MAX_DEPTH, new FileVisitOption[0])) {
            files.filter(p -> !p.equals(folder)).forEach(index::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return index;
    }

    private void add(Path path) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || !EXTENSION_SET.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))) {
            return;
        }
        if (Files.isDirectory(path)) {
            return;
        }
        Path relative = folder.relativize(path);
        byStem.computeIfAbsent(name.substring(0, dot), k -> new ArrayList<>()).add(relative);
        byName.computeIfAbsent(name, k -> new ArrayList<>()).add(relative);
    }

    /**
     * The image named after {@code id}: a file {@code <id>.<ext>}, or (for ids that are themselves a file name or
     * path such as {@code 4f/a0/123.jpg}) the file with that name, or {@code <stem of its name>.<ext>}.
     */
    public Match find(String id) {
        String base = id.contains("/") ? id.substring(id.lastIndexOf('/') + 1) : id;
        for (List<Path> hits : List.of(byStem.getOrDefault(id, List.of()), byName.getOrDefault(base, List.of()),
                byStem.getOrDefault(stem(base), List.of()))) {
            if (hits.size() == 1) {
                return new Match(hits.get(0), hits);
            }
            if (hits.size() > 1) {
                return new Match(null, List.copyOf(hits));
            }
        }
        return new Match(null, List.of());
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name : name.substring(0, dot);
    }
}
