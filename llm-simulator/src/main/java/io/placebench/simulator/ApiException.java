package io.placebench.simulator;

/** An error to answer in OpenAI's body format {@code {"error":{"message","type","param","code"}}}. */
final class ApiException extends RuntimeException {

    final int status;
    final String type;
    final String param;
    final String code;

    ApiException(int status, String type, String message, String param, String code) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    static ApiException invalidRequest(String message, String param, String code) {
        return new ApiException(400, "invalid_request_error", message, param, code);
    }
}
