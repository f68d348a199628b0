package io.placebench.cli.client;

/** A REST call that failed: the request, the HTTP status (0 when there was no answer) and the body. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String body;

    public ApiException(String message, int status, String body) {
        super(message);
        this.status = status;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public String body() {
        return body;
    }
}
