package io.placebench.cli.stack;

/** A failure the user can act on, with the exit code the command ends with (2: configuration, 1: runtime). */
public class StackException extends RuntimeException {

    public static final int EXIT_CONFIG = 2;
    public static final int EXIT_FAILURE = 1;

    private final int exitCode;

    public StackException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public StackException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static StackException config(String message) {
        return new StackException(message, EXIT_CONFIG);
    }

    public static StackException failure(String message) {
        return new StackException(message, EXIT_FAILURE);
    }

    public int exitCode() {
        return exitCode;
    }
}
