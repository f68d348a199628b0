package io.placebench.inference.client;

/** The image bytes could not be fetched; {@code retryable} when trying again may help (5xx, connection). */
public class BlobFetchException extends Exception {

    private final boolean retryable;

    public BlobFetchException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
