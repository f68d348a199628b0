package io.placebench.ingest.domain;

import java.util.List;

/**
 * The manifest as a whole cannot be used (folder or manifest missing, header lacks a required column,
 * unreadable file): nothing of it is imported. {@code problems} name the field or column at fault.
 */
public class ManifestException extends RuntimeException {

    private final List<Problem> problems;

    public ManifestException(String message, List<Problem> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    public ManifestException(String message, Problem problem) {
        this(message, List.of(problem));
    }

    public List<Problem> problems() {
        return problems;
    }
}
